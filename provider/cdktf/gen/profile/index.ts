// https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface ProfileConfig extends cdktf.TerraformMetaArguments {
  /**
  * Instance config keys (limits.cpu, limits.memory, ...).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#config Profile#config}
  */
  readonly config?: { [key: string]: string };
  /**
  * Free text.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#description Profile#description}
  */
  readonly description?: string;
  /**
  * Profile name.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#name Profile#name}
  */
  readonly name: string;
  /**
  * disk block
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#disk Profile#disk}
  */
  readonly disk?: ProfileDisk[] | cdktf.IResolvable;
  /**
  * network_interface block
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#network_interface Profile#network_interface}
  */
  readonly networkInterface?: ProfileNetworkInterface[] | cdktf.IResolvable;
  /**
  * root_disk block
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#root_disk Profile#root_disk}
  */
  readonly rootDisk?: ProfileRootDisk;
}
export interface ProfileDisk {
  /**
  * Device name.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#name Profile#name}
  */
  readonly name: string;
  /**
  * Mount point inside the instance.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#path Profile#path}
  */
  readonly path: string;
  /**
  * Pool of the volume (unset: volume is a host path).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#pool Profile#pool}
  */
  readonly pool?: string;
  /**
  * Volume name, or host path without pool.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#volume Profile#volume}
  */
  readonly volume: string;
}

export function profileDiskToTerraform(struct?: ProfileDisk | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    name: cdktf.stringToTerraform(struct!.name),
    path: cdktf.stringToTerraform(struct!.path),
    pool: cdktf.stringToTerraform(struct!.pool),
    volume: cdktf.stringToTerraform(struct!.volume),
  }
}


export function profileDiskToHclTerraform(struct?: ProfileDisk | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    name: {
      value: cdktf.stringToHclTerraform(struct!.name),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    path: {
      value: cdktf.stringToHclTerraform(struct!.path),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    pool: {
      value: cdktf.stringToHclTerraform(struct!.pool),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    volume: {
      value: cdktf.stringToHclTerraform(struct!.volume),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ProfileDiskOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): ProfileDisk | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._name !== undefined) {
      hasAnyValues = true;
      internalValueResult.name = this._name;
    }
    if (this._path !== undefined) {
      hasAnyValues = true;
      internalValueResult.path = this._path;
    }
    if (this._pool !== undefined) {
      hasAnyValues = true;
      internalValueResult.pool = this._pool;
    }
    if (this._volume !== undefined) {
      hasAnyValues = true;
      internalValueResult.volume = this._volume;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ProfileDisk | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._name = undefined;
      this._path = undefined;
      this._pool = undefined;
      this._volume = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._name = value.name;
      this._path = value.path;
      this._pool = value.pool;
      this._volume = value.volume;
    }
  }

  // name - computed: false, optional: false, required: true
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // path - computed: false, optional: false, required: true
  private _path?: string; 
  public get path() {
    return this.getStringAttribute('path');
  }
  public set path(value: string) {
    this._path = value;
  }
  // Temporarily expose input value. Use with caution.
  public get pathInput() {
    return this._path;
  }

  // pool - computed: false, optional: true, required: false
  private _pool?: string; 
  public get pool() {
    return this.getStringAttribute('pool');
  }
  public set pool(value: string) {
    this._pool = value;
  }
  public resetPool() {
    this._pool = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get poolInput() {
    return this._pool;
  }

  // volume - computed: false, optional: false, required: true
  private _volume?: string; 
  public get volume() {
    return this.getStringAttribute('volume');
  }
  public set volume(value: string) {
    this._volume = value;
  }
  // Temporarily expose input value. Use with caution.
  public get volumeInput() {
    return this._volume;
  }
}

export class ProfileDiskList extends cdktf.ComplexList {
  public internalValue? : ProfileDisk[] | cdktf.IResolvable

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(protected terraformResource: cdktf.IInterpolatingParent, protected terraformAttribute: string, protected wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet)
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): ProfileDiskOutputReference {
    return new ProfileDiskOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ProfileNetworkInterface {
  /**
  * Static IPv4 (a DHCP reservation).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#ipv4_address Profile#ipv4_address}
  */
  readonly ipv4Address?: string;
  /**
  * MAC address (generated when unset).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#mac_address Profile#mac_address}
  */
  readonly macAddress?: string;
  /**
  * Device and interface name (eth0).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#name Profile#name}
  */
  readonly name: string;
  /**
  * Managed network (its type decides how the NIC is wired). Either network, or nictype and parent.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#network Profile#network}
  */
  readonly network?: string;
  /**
  * Without network: bridged (a port on the existing host bridge parent), macvlan (on parent's LAN) or physical (parent itself moves into the container and comes back when it stops).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#nictype Profile#nictype}
  */
  readonly nictype?: string;
  /**
  * Host interface of a nictype NIC. Corral never reconfigures it.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#parent Profile#parent}
  */
  readonly parent?: string;
  /**
  * Network ACLs applied to traffic into and out of this NIC (on a managed bridge network), in order. Stateless where the host has no bridge conntrack: replies need rules too.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#security_acls Profile#security_acls}
  */
  readonly securityAcls?: string[];
  /**
  * With security_acls: what happens to traffic out of the NIC no rule matches: allow, reject or drop (default reject; reject drops on a bridge port).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#security_acls_default_egress_action Profile#security_acls_default_egress_action}
  */
  readonly securityAclsDefaultEgressAction?: string;
  /**
  * With security_acls: what happens to traffic into the NIC no rule matches: allow, reject or drop (default reject; reject drops on a bridge port).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#security_acls_default_ingress_action Profile#security_acls_default_ingress_action}
  */
  readonly securityAclsDefaultIngressAction?: string;
  /**
  * VLAN of the NIC's port on a managed bridge network (bridge VLAN filtering), untagged inside.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#vlan Profile#vlan}
  */
  readonly vlan?: number;
}

export function profileNetworkInterfaceToTerraform(struct?: ProfileNetworkInterface | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    ipv4_address: cdktf.stringToTerraform(struct!.ipv4Address),
    mac_address: cdktf.stringToTerraform(struct!.macAddress),
    name: cdktf.stringToTerraform(struct!.name),
    network: cdktf.stringToTerraform(struct!.network),
    nictype: cdktf.stringToTerraform(struct!.nictype),
    parent: cdktf.stringToTerraform(struct!.parent),
    security_acls: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.securityAcls),
    security_acls_default_egress_action: cdktf.stringToTerraform(struct!.securityAclsDefaultEgressAction),
    security_acls_default_ingress_action: cdktf.stringToTerraform(struct!.securityAclsDefaultIngressAction),
    vlan: cdktf.numberToTerraform(struct!.vlan),
  }
}


export function profileNetworkInterfaceToHclTerraform(struct?: ProfileNetworkInterface | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    ipv4_address: {
      value: cdktf.stringToHclTerraform(struct!.ipv4Address),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    mac_address: {
      value: cdktf.stringToHclTerraform(struct!.macAddress),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    name: {
      value: cdktf.stringToHclTerraform(struct!.name),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    network: {
      value: cdktf.stringToHclTerraform(struct!.network),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    nictype: {
      value: cdktf.stringToHclTerraform(struct!.nictype),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    parent: {
      value: cdktf.stringToHclTerraform(struct!.parent),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    security_acls: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.securityAcls),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    security_acls_default_egress_action: {
      value: cdktf.stringToHclTerraform(struct!.securityAclsDefaultEgressAction),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    security_acls_default_ingress_action: {
      value: cdktf.stringToHclTerraform(struct!.securityAclsDefaultIngressAction),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    vlan: {
      value: cdktf.numberToHclTerraform(struct!.vlan),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ProfileNetworkInterfaceOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): ProfileNetworkInterface | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._ipv4Address !== undefined) {
      hasAnyValues = true;
      internalValueResult.ipv4Address = this._ipv4Address;
    }
    if (this._macAddress !== undefined) {
      hasAnyValues = true;
      internalValueResult.macAddress = this._macAddress;
    }
    if (this._name !== undefined) {
      hasAnyValues = true;
      internalValueResult.name = this._name;
    }
    if (this._network !== undefined) {
      hasAnyValues = true;
      internalValueResult.network = this._network;
    }
    if (this._nictype !== undefined) {
      hasAnyValues = true;
      internalValueResult.nictype = this._nictype;
    }
    if (this._parent !== undefined) {
      hasAnyValues = true;
      internalValueResult.parent = this._parent;
    }
    if (this._securityAcls !== undefined) {
      hasAnyValues = true;
      internalValueResult.securityAcls = this._securityAcls;
    }
    if (this._securityAclsDefaultEgressAction !== undefined) {
      hasAnyValues = true;
      internalValueResult.securityAclsDefaultEgressAction = this._securityAclsDefaultEgressAction;
    }
    if (this._securityAclsDefaultIngressAction !== undefined) {
      hasAnyValues = true;
      internalValueResult.securityAclsDefaultIngressAction = this._securityAclsDefaultIngressAction;
    }
    if (this._vlan !== undefined) {
      hasAnyValues = true;
      internalValueResult.vlan = this._vlan;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ProfileNetworkInterface | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._ipv4Address = undefined;
      this._macAddress = undefined;
      this._name = undefined;
      this._network = undefined;
      this._nictype = undefined;
      this._parent = undefined;
      this._securityAcls = undefined;
      this._securityAclsDefaultEgressAction = undefined;
      this._securityAclsDefaultIngressAction = undefined;
      this._vlan = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._ipv4Address = value.ipv4Address;
      this._macAddress = value.macAddress;
      this._name = value.name;
      this._network = value.network;
      this._nictype = value.nictype;
      this._parent = value.parent;
      this._securityAcls = value.securityAcls;
      this._securityAclsDefaultEgressAction = value.securityAclsDefaultEgressAction;
      this._securityAclsDefaultIngressAction = value.securityAclsDefaultIngressAction;
      this._vlan = value.vlan;
    }
  }

  // ipv4_address - computed: false, optional: true, required: false
  private _ipv4Address?: string; 
  public get ipv4Address() {
    return this.getStringAttribute('ipv4_address');
  }
  public set ipv4Address(value: string) {
    this._ipv4Address = value;
  }
  public resetIpv4Address() {
    this._ipv4Address = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get ipv4AddressInput() {
    return this._ipv4Address;
  }

  // mac_address - computed: true, optional: true, required: false
  private _macAddress?: string; 
  public get macAddress() {
    return this.getStringAttribute('mac_address');
  }
  public set macAddress(value: string) {
    this._macAddress = value;
  }
  public resetMacAddress() {
    this._macAddress = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get macAddressInput() {
    return this._macAddress;
  }

  // name - computed: false, optional: false, required: true
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // network - computed: false, optional: true, required: false
  private _network?: string; 
  public get network() {
    return this.getStringAttribute('network');
  }
  public set network(value: string) {
    this._network = value;
  }
  public resetNetwork() {
    this._network = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get networkInput() {
    return this._network;
  }

  // nictype - computed: false, optional: true, required: false
  private _nictype?: string; 
  public get nictype() {
    return this.getStringAttribute('nictype');
  }
  public set nictype(value: string) {
    this._nictype = value;
  }
  public resetNictype() {
    this._nictype = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get nictypeInput() {
    return this._nictype;
  }

  // parent - computed: false, optional: true, required: false
  private _parent?: string; 
  public get parent() {
    return this.getStringAttribute('parent');
  }
  public set parent(value: string) {
    this._parent = value;
  }
  public resetParent() {
    this._parent = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get parentInput() {
    return this._parent;
  }

  // security_acls - computed: false, optional: true, required: false
  private _securityAcls?: string[]; 
  public get securityAcls() {
    return this.getListAttribute('security_acls');
  }
  public set securityAcls(value: string[]) {
    this._securityAcls = value;
  }
  public resetSecurityAcls() {
    this._securityAcls = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get securityAclsInput() {
    return this._securityAcls;
  }

  // security_acls_default_egress_action - computed: false, optional: true, required: false
  private _securityAclsDefaultEgressAction?: string; 
  public get securityAclsDefaultEgressAction() {
    return this.getStringAttribute('security_acls_default_egress_action');
  }
  public set securityAclsDefaultEgressAction(value: string) {
    this._securityAclsDefaultEgressAction = value;
  }
  public resetSecurityAclsDefaultEgressAction() {
    this._securityAclsDefaultEgressAction = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get securityAclsDefaultEgressActionInput() {
    return this._securityAclsDefaultEgressAction;
  }

  // security_acls_default_ingress_action - computed: false, optional: true, required: false
  private _securityAclsDefaultIngressAction?: string; 
  public get securityAclsDefaultIngressAction() {
    return this.getStringAttribute('security_acls_default_ingress_action');
  }
  public set securityAclsDefaultIngressAction(value: string) {
    this._securityAclsDefaultIngressAction = value;
  }
  public resetSecurityAclsDefaultIngressAction() {
    this._securityAclsDefaultIngressAction = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get securityAclsDefaultIngressActionInput() {
    return this._securityAclsDefaultIngressAction;
  }

  // vlan - computed: false, optional: true, required: false
  private _vlan?: number; 
  public get vlan() {
    return this.getNumberAttribute('vlan');
  }
  public set vlan(value: number) {
    this._vlan = value;
  }
  public resetVlan() {
    this._vlan = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get vlanInput() {
    return this._vlan;
  }
}

export class ProfileNetworkInterfaceList extends cdktf.ComplexList {
  public internalValue? : ProfileNetworkInterface[] | cdktf.IResolvable

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(protected terraformResource: cdktf.IInterpolatingParent, protected terraformAttribute: string, protected wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet)
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): ProfileNetworkInterfaceOutputReference {
    return new ProfileNetworkInterfaceOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ProfileRootDisk {
  /**
  * Storage pool.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#pool Profile#pool}
  */
  readonly pool: string;
  /**
  * Size limit (drivers with quotas), e.g. 2GiB.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#size Profile#size}
  */
  readonly size?: string;
}

export function profileRootDiskToTerraform(struct?: ProfileRootDiskOutputReference | ProfileRootDisk): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    pool: cdktf.stringToTerraform(struct!.pool),
    size: cdktf.stringToTerraform(struct!.size),
  }
}


export function profileRootDiskToHclTerraform(struct?: ProfileRootDiskOutputReference | ProfileRootDisk): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    pool: {
      value: cdktf.stringToHclTerraform(struct!.pool),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    size: {
      value: cdktf.stringToHclTerraform(struct!.size),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ProfileRootDiskOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): ProfileRootDisk | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._pool !== undefined) {
      hasAnyValues = true;
      internalValueResult.pool = this._pool;
    }
    if (this._size !== undefined) {
      hasAnyValues = true;
      internalValueResult.size = this._size;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ProfileRootDisk | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._pool = undefined;
      this._size = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._pool = value.pool;
      this._size = value.size;
    }
  }

  // pool - computed: false, optional: false, required: true
  private _pool?: string; 
  public get pool() {
    return this.getStringAttribute('pool');
  }
  public set pool(value: string) {
    this._pool = value;
  }
  // Temporarily expose input value. Use with caution.
  public get poolInput() {
    return this._pool;
  }

  // size - computed: false, optional: true, required: false
  private _size?: string; 
  public get size() {
    return this.getStringAttribute('size');
  }
  public set size(value: string) {
    this._size = value;
  }
  public resetSize() {
    this._size = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sizeInput() {
    return this._size;
  }
}

/**
* Represents a {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile corral_profile}
*/
export class Profile extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "corral_profile";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a Profile resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the Profile to import
  * @param importFromId The id of the existing Profile that should be imported. Refer to the {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the Profile to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "corral_profile", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/profile corral_profile} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options ProfileConfig
  */
  public constructor(scope: Construct, id: string, config: ProfileConfig) {
    super(scope, id, {
      terraformResourceType: 'corral_profile',
      terraformGeneratorMetadata: {
        providerName: 'corral',
        providerVersion: '0.1.0',
        providerVersionConstraint: '0.1.0'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._config = config.config;
    this._description = config.description;
    this._name = config.name;
    this._disk.internalValue = config.disk;
    this._networkInterface.internalValue = config.networkInterface;
    this._rootDisk.internalValue = config.rootDisk;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // config - computed: false, optional: true, required: false
  private _config?: { [key: string]: string }; 
  public get config() {
    return this.getStringMapAttribute('config');
  }
  public set config(value: { [key: string]: string }) {
    this._config = value;
  }
  public resetConfig() {
    this._config = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get configInput() {
    return this._config;
  }

  // description - computed: true, optional: true, required: false
  private _description?: string; 
  public get description() {
    return this.getStringAttribute('description');
  }
  public set description(value: string) {
    this._description = value;
  }
  public resetDescription() {
    this._description = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get descriptionInput() {
    return this._description;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // name - computed: false, optional: false, required: true
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // disk - computed: false, optional: true, required: false
  private _disk = new ProfileDiskList(this, "disk", false);
  public get disk() {
    return this._disk;
  }
  public putDisk(value: ProfileDisk[] | cdktf.IResolvable) {
    this._disk.internalValue = value;
  }
  public resetDisk() {
    this._disk.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get diskInput() {
    return this._disk.internalValue;
  }

  // network_interface - computed: false, optional: true, required: false
  private _networkInterface = new ProfileNetworkInterfaceList(this, "network_interface", false);
  public get networkInterface() {
    return this._networkInterface;
  }
  public putNetworkInterface(value: ProfileNetworkInterface[] | cdktf.IResolvable) {
    this._networkInterface.internalValue = value;
  }
  public resetNetworkInterface() {
    this._networkInterface.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get networkInterfaceInput() {
    return this._networkInterface.internalValue;
  }

  // root_disk - computed: false, optional: true, required: false
  private _rootDisk = new ProfileRootDiskOutputReference(this, "root_disk");
  public get rootDisk() {
    return this._rootDisk;
  }
  public putRootDisk(value: ProfileRootDisk) {
    this._rootDisk.internalValue = value;
  }
  public resetRootDisk() {
    this._rootDisk.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get rootDiskInput() {
    return this._rootDisk.internalValue;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      config: cdktf.hashMapper(cdktf.stringToTerraform)(this._config),
      description: cdktf.stringToTerraform(this._description),
      name: cdktf.stringToTerraform(this._name),
      disk: cdktf.listMapper(profileDiskToTerraform, true)(this._disk.internalValue),
      network_interface: cdktf.listMapper(profileNetworkInterfaceToTerraform, true)(this._networkInterface.internalValue),
      root_disk: profileRootDiskToTerraform(this._rootDisk.internalValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      config: {
        value: cdktf.hashMapperHcl(cdktf.stringToHclTerraform)(this._config),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
      description: {
        value: cdktf.stringToHclTerraform(this._description),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      name: {
        value: cdktf.stringToHclTerraform(this._name),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      disk: {
        value: cdktf.listMapperHcl(profileDiskToHclTerraform, true)(this._disk.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ProfileDiskList",
      },
      network_interface: {
        value: cdktf.listMapperHcl(profileNetworkInterfaceToHclTerraform, true)(this._networkInterface.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ProfileNetworkInterfaceList",
      },
      root_disk: {
        value: profileRootDiskToHclTerraform(this._rootDisk.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ProfileRootDiskList",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
