# Every word of the notes reaches the plain-text description.
d=$(xmllint --xpath 'string(//item[title="Deep"]/description)' out/feed.xml)
for w in quoted stressed listed; do
	case $d in *"$w"*) ;; *) echo "'$w' is not in the description"; exit 1 ;; esac
done
