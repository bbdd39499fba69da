sed -i 's/^explicit: false/explicit: nope/' show/show.yaml
