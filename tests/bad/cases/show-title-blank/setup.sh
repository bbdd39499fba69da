{ echo 'title: "  "'; grep -v '^title:' show/show.yaml; } > x && mv x show/show.yaml
