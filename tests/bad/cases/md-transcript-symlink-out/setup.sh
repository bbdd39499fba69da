ln -s /etc/passwd show/099-bad/t.vtt
