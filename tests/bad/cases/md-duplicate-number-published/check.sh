# The newcomer is refused even though it is dated earlier: the published
# episode keeps its number and its place.
! grep -q '<title>Early Newcomer</title>' out/feed.xml
