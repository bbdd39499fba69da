sed -i 's#^feed_url: .*#feed_url: feed.xml#' show/show.yaml
