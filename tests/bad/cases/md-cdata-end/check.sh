# The text round-trips through a real parser, ]]> and all.
t=$(xmllint --xpath 'string(//item[1]/title)' out/feed.xml)
test "$t" = 'End ]]> of a <![CDATA[ section & more'
xmllint --xpath 'string(//item[1]/description)' out/feed.xml | grep -qF 'Notes with ]]> and'
