# Instances of this environment may reach the outside world but not the other environments' networks.
resource "corral_network_acl" "isolate" {
  name        = "isolate"
  description = "keep CI environments apart"

  egress {
    action      = "drop"
    destination = "10.100.0.0/16"
  }

  egress {
    action           = "allow"
    protocol         = "tcp"
    destination_port = "80,443"
  }
}

resource "corral_network" "env" {
  name      = "envbr0"
  ipv4_cidr = "10.0.3.1/24"
  config = {
    "security.acls"                        = corral_network_acl.isolate.name
    "security.acls.default.egress.action"  = "reject"
    "security.acls.default.ingress.action" = "allow"
  }
}
