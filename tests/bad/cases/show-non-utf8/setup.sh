printf 'copyright: \xa9 2026 Maya\n' >> show/show.yaml
