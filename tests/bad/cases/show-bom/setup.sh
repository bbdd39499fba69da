printf '\xef\xbb\xbf' | cat - show/show.yaml > x && mv x show/show.yaml
