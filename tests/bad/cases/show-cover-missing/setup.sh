sed -i 's/^image: cover.jpg/image: missing.jpg/' show/show.yaml
