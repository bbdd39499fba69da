printf 'hosts:\n  - {name: A}\n\t- {name: B}\n' >> show/show.yaml
