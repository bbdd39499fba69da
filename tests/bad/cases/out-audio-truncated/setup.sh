: > "$(ls out/audio/001-good1-*.mp3)"
