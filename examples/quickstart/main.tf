# Quickstart: a storage pool, a NAT bridge, a busybox image built locally and two containers.
#   tofu init && tofu apply -var image_file=/path/to/busybox.tar.gz
terraform {
  required_providers {
    corral = {
      source  = "corral/corral"
      version = "0.1.0"
    }
  }
}

# endpoint defaults to CORRAL_ENDPOINT, then unix:///var/lib/corral/corrald.sock
provider "corral" {}

variable "image_file" {
  type        = string
  description = "LXD-format unified image tarball (scripts/busybox-image.ts builds one)"
}

variable "prefix" {
  type    = string
  default = "qs"
}

resource "corral_storage_pool" "pool" {
  name   = "${var.prefix}-pool"
  driver = "dir"
}

resource "corral_network" "lan" {
  name     = "${var.prefix}br0"
  ipv4_nat = true
}

resource "corral_image" "busybox" {
  source_file = var.image_file
  aliases     = ["${var.prefix}-busybox"]
}

resource "corral_instance" "web" {
  count = 2
  name  = "${var.prefix}-web-${count.index}"
  image = corral_image.busybox.fingerprint

  root_disk {
    pool = corral_storage_pool.pool.name
  }

  network_interface {
    name    = "eth0"
    network = corral_network.lan.name
  }

  wait_for {
    ipv4 = true
  }
}

output "addresses" {
  value = { for i in corral_instance.web : i.name => i.ipv4_address }
}
