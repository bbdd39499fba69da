printf 'title: Twice\n' >> show/show.yaml
