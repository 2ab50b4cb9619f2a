resource "corral_network" "env" {
  name      = "envbr0"
  ipv4_cidr = "10.0.3.1/24"
}

# The host's 192.0.2.10: port 80 to a web server's 8080, 8000-8010 to the same ports of another instance.
resource "corral_network_forward" "web" {
  network        = corral_network.env.name
  listen_address = "192.0.2.10"

  ports {
    protocol       = "tcp"
    listen_port    = "80"
    target_address = "10.0.3.20"
    target_port    = "8080"
  }

  ports {
    protocol       = "tcp"
    listen_port    = "8000-8010"
    target_address = "10.0.3.21"
  }
}
