# A typo in a published episode: its last good item stays in the feed,
# and the build says so.
grep -q '<title>Good Episode 1</title>' out/feed.xml
grep -q "001-good1' keeps the item of its last good build in the feed" stderr
