# 100 MB, sparse: a feed that opens well and never ends.
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>t</title>\n' > big.xml
truncate -s 100M big.xml
