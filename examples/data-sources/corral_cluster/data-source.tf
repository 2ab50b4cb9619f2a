data "corral_cluster" "this" {}

# Members that can take new instances, e.g. for `target` in a for_each.
output "online_members" {
  value = [for m in data.corral_cluster.this.members : m.name if m.status == "online"]
}
