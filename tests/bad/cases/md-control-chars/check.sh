# XML 1.0 cannot hold these characters: none reaches the feed.
! grep -qP '[\x00-\x08\x0b\x0c\x0e-\x1f]' out/feed.xml
xmllint --xpath 'string(//item[1]/title)' out/feed.xml | grep -q '^Bell'
