sed -i 's#^image: cover.jpg#image: ../../cover.jpg#' show/show.yaml
