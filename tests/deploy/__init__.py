"""Checks of the container image, docker-compose.yml and the Kubernetes manifests."""
