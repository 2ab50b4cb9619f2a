// https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface InstanceConfig extends cdktf.TerraformMetaArguments {
  /**
  * Other instance config keys (LXD names; user.* free).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#config Instance#config}
  */
  readonly config?: { [key: string]: string };
  /**
  * CPU limit (number of CPUs), limits.cpu; changes live on containers, with a restart on VMs.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#cpu Instance#cpu}
  */
  readonly cpu?: number;
  /**
  * Free text.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#description Instance#description}
  */
  readonly description?: string;
  /**
  * Delete the instance when it stops.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#ephemeral Instance#ephemeral}
  */
  readonly ephemeral?: boolean | cdktf.IResolvable;
  /**
  * Image alias or fingerprint (e.g. corral_image.x.fingerprint), or REMOTE:ALIAS (e.g. images:debian/12): fetched by the agent from that image server on first use and cached; exactly one of image and source_instance.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#image Instance#image}
  */
  readonly image?: string;
  /**
  * Memory limit such as 512MiB, limits.memory; changes live on containers, with a restart on VMs.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#memory Instance#memory}
  */
  readonly memory?: string;
  /**
  * Instance name (a hostname: letters, digits, '-').
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#name Instance#name}
  */
  readonly name: string;
  /**
  * Profiles applied in order; unset means ["default"], [] means none.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#profiles Instance#profiles}
  */
  readonly profiles?: string[];
  /**
  * Whether the instance runs.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#running Instance#running}
  */
  readonly running?: boolean | cdktf.IResolvable;
  /**
  * Cluster member to place the instance on.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#target Instance#target}
  */
  readonly target?: string;
  /**
  * Lease length (30m, 2h, 7d; config lease.duration): the agent deletes the instance when the lease ends, e.g. after a CI pipeline died before its destroy. Changing it restarts the lease; `corral lease renew` extends it. The next plan shows a deleted instance as to be created.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#ttl Instance#ttl}
  */
  readonly ttl?: string;
  /**
  * container or virtual-machine.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#type Instance#type}
  */
  readonly type?: string;
  /**
  * cloud_init block
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#cloud_init Instance#cloud_init}
  */
  readonly cloudInit?: InstanceCloudInit;
  /**
  * disk block
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#disk Instance#disk}
  */
  readonly disk?: InstanceDisk[] | cdktf.IResolvable;
  /**
  * exec block
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#exec Instance#exec}
  */
  readonly exec?: InstanceExec[] | cdktf.IResolvable;
  /**
  * file block
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#file Instance#file}
  */
  readonly file?: InstanceFile[] | cdktf.IResolvable;
  /**
  * network_interface block
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#network_interface Instance#network_interface}
  */
  readonly networkInterface?: InstanceNetworkInterface[] | cdktf.IResolvable;
  /**
  * root_disk block
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#root_disk Instance#root_disk}
  */
  readonly rootDisk?: InstanceRootDisk;
  /**
  * source_instance block
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#source_instance Instance#source_instance}
  */
  readonly sourceInstance?: InstanceSourceInstance;
  /**
  * timeouts block
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#timeouts Instance#timeouts}
  */
  readonly timeouts?: InstanceTimeouts;
  /**
  * wait_for block
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#wait_for Instance#wait_for}
  */
  readonly waitFor?: InstanceWaitFor;
}
export interface InstanceInterfaces {
}

export function instanceInterfacesToTerraform(struct?: InstanceInterfaces): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function instanceInterfacesToHclTerraform(struct?: InstanceInterfaces): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class InstanceInterfacesOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectKey the key of this item in the map
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectKey: string) {
    super(terraformResource, terraformAttribute, false, complexObjectKey);
  }

  public get internalValue(): InstanceInterfaces | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: InstanceInterfaces | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // host_name - computed: true, optional: false, required: false
  public get hostName() {
    return this.getStringAttribute('host_name');
  }

  // hwaddr - computed: true, optional: false, required: false
  public get hwaddr() {
    return this.getStringAttribute('hwaddr');
  }

  // ipv4 - computed: true, optional: false, required: false
  public get ipv4() {
    return this.getListAttribute('ipv4');
  }

  // ipv6 - computed: true, optional: false, required: false
  public get ipv6() {
    return this.getListAttribute('ipv6');
  }

  // state - computed: true, optional: false, required: false
  public get state() {
    return this.getStringAttribute('state');
  }
}

export class InstanceInterfacesMap extends cdktf.ComplexMap {

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  constructor(protected terraformResource: cdktf.IInterpolatingParent, protected terraformAttribute: string) {
    super(terraformResource, terraformAttribute)
  }

  /**
  * @param key the key of the item to return
  */
  public get(key: string): InstanceInterfacesOutputReference {
    return new InstanceInterfacesOutputReference(this.terraformResource, this.terraformAttribute, key);
  }
}
export interface InstanceCloudInit {
  /**
  * cloud-init network config.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#network_config Instance#network_config}
  */
  readonly networkConfig?: string;
  /**
  * cloud-init user data.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#user_data Instance#user_data}
  */
  readonly userData?: string;
}

export function instanceCloudInitToTerraform(struct?: InstanceCloudInitOutputReference | InstanceCloudInit): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    network_config: cdktf.stringToTerraform(struct!.networkConfig),
    user_data: cdktf.stringToTerraform(struct!.userData),
  }
}


export function instanceCloudInitToHclTerraform(struct?: InstanceCloudInitOutputReference | InstanceCloudInit): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    network_config: {
      value: cdktf.stringToHclTerraform(struct!.networkConfig),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    user_data: {
      value: cdktf.stringToHclTerraform(struct!.userData),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class InstanceCloudInitOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): InstanceCloudInit | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._networkConfig !== undefined) {
      hasAnyValues = true;
      internalValueResult.networkConfig = this._networkConfig;
    }
    if (this._userData !== undefined) {
      hasAnyValues = true;
      internalValueResult.userData = this._userData;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: InstanceCloudInit | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._networkConfig = undefined;
      this._userData = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._networkConfig = value.networkConfig;
      this._userData = value.userData;
    }
  }

  // network_config - computed: false, optional: true, required: false
  private _networkConfig?: string; 
  public get networkConfig() {
    return this.getStringAttribute('network_config');
  }
  public set networkConfig(value: string) {
    this._networkConfig = value;
  }
  public resetNetworkConfig() {
    this._networkConfig = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get networkConfigInput() {
    return this._networkConfig;
  }

  // user_data - computed: false, optional: true, required: false
  private _userData?: string; 
  public get userData() {
    return this.getStringAttribute('user_data');
  }
  public set userData(value: string) {
    this._userData = value;
  }
  public resetUserData() {
    this._userData = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get userDataInput() {
    return this._userData;
  }
}
export interface InstanceDisk {
  /**
  * Device name.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#name Instance#name}
  */
  readonly name: string;
  /**
  * Mount point inside the instance.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#path Instance#path}
  */
  readonly path: string;
  /**
  * Pool of the volume (unset: volume is a host path).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#pool Instance#pool}
  */
  readonly pool?: string;
  /**
  * Volume name, or host path without pool.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#volume Instance#volume}
  */
  readonly volume: string;
}

export function instanceDiskToTerraform(struct?: InstanceDisk | cdktf.IResolvable): any {
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


export function instanceDiskToHclTerraform(struct?: InstanceDisk | cdktf.IResolvable): any {
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

export class InstanceDiskOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): InstanceDisk | cdktf.IResolvable | undefined {
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

  public set internalValue(value: InstanceDisk | cdktf.IResolvable | undefined) {
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

export class InstanceDiskList extends cdktf.ComplexList {
  public internalValue? : InstanceDisk[] | cdktf.IResolvable

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
  public get(index: number): InstanceDiskOutputReference {
    return new InstanceDiskOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface InstanceExec {
  /**
  * The command and its arguments (no shell: use ["sh", "-c", "..."] for one).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#command Instance#command}
  */
  readonly command: string[];
  /**
  * Environment variables for the command.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#environment Instance#environment}
  */
  readonly environment?: { [key: string]: string };
  /**
  * A non-zero exit fails the apply.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#fail_on_error Instance#fail_on_error}
  */
  readonly failOnError?: boolean | cdktf.IResolvable;
  /**
  * Group id to run as (default 0).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#gid Instance#gid}
  */
  readonly gid?: number;
  /**
  * once (only when the block is added), on_change (also when the block changes) or on_start (each time the provider starts the instance, also when it restarts it to apply a change a running instance cannot take).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#trigger Instance#trigger}
  */
  readonly trigger?: string;
  /**
  * User id to run as (default 0).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#uid Instance#uid}
  */
  readonly uid?: number;
  /**
  * Working directory inside the instance.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#working_dir Instance#working_dir}
  */
  readonly workingDir?: string;
}

export function instanceExecToTerraform(struct?: InstanceExec | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    command: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.command),
    environment: cdktf.hashMapper(cdktf.stringToTerraform)(struct!.environment),
    fail_on_error: cdktf.booleanToTerraform(struct!.failOnError),
    gid: cdktf.numberToTerraform(struct!.gid),
    trigger: cdktf.stringToTerraform(struct!.trigger),
    uid: cdktf.numberToTerraform(struct!.uid),
    working_dir: cdktf.stringToTerraform(struct!.workingDir),
  }
}


export function instanceExecToHclTerraform(struct?: InstanceExec | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    command: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.command),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    environment: {
      value: cdktf.hashMapperHcl(cdktf.stringToHclTerraform)(struct!.environment),
      isBlock: false,
      type: "map",
      storageClassType: "stringMap",
    },
    fail_on_error: {
      value: cdktf.booleanToHclTerraform(struct!.failOnError),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    gid: {
      value: cdktf.numberToHclTerraform(struct!.gid),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    trigger: {
      value: cdktf.stringToHclTerraform(struct!.trigger),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    uid: {
      value: cdktf.numberToHclTerraform(struct!.uid),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    working_dir: {
      value: cdktf.stringToHclTerraform(struct!.workingDir),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class InstanceExecOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): InstanceExec | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._command !== undefined) {
      hasAnyValues = true;
      internalValueResult.command = this._command;
    }
    if (this._environment !== undefined) {
      hasAnyValues = true;
      internalValueResult.environment = this._environment;
    }
    if (this._failOnError !== undefined) {
      hasAnyValues = true;
      internalValueResult.failOnError = this._failOnError;
    }
    if (this._gid !== undefined) {
      hasAnyValues = true;
      internalValueResult.gid = this._gid;
    }
    if (this._trigger !== undefined) {
      hasAnyValues = true;
      internalValueResult.trigger = this._trigger;
    }
    if (this._uid !== undefined) {
      hasAnyValues = true;
      internalValueResult.uid = this._uid;
    }
    if (this._workingDir !== undefined) {
      hasAnyValues = true;
      internalValueResult.workingDir = this._workingDir;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: InstanceExec | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._command = undefined;
      this._environment = undefined;
      this._failOnError = undefined;
      this._gid = undefined;
      this._trigger = undefined;
      this._uid = undefined;
      this._workingDir = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._command = value.command;
      this._environment = value.environment;
      this._failOnError = value.failOnError;
      this._gid = value.gid;
      this._trigger = value.trigger;
      this._uid = value.uid;
      this._workingDir = value.workingDir;
    }
  }

  // command - computed: false, optional: false, required: true
  private _command?: string[]; 
  public get command() {
    return this.getListAttribute('command');
  }
  public set command(value: string[]) {
    this._command = value;
  }
  // Temporarily expose input value. Use with caution.
  public get commandInput() {
    return this._command;
  }

  // environment - computed: false, optional: true, required: false
  private _environment?: { [key: string]: string }; 
  public get environment() {
    return this.getStringMapAttribute('environment');
  }
  public set environment(value: { [key: string]: string }) {
    this._environment = value;
  }
  public resetEnvironment() {
    this._environment = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get environmentInput() {
    return this._environment;
  }

  // exit_code - computed: true, optional: false, required: false
  public get exitCode() {
    return this.getNumberAttribute('exit_code');
  }

  // fail_on_error - computed: true, optional: true, required: false
  private _failOnError?: boolean | cdktf.IResolvable; 
  public get failOnError() {
    return this.getBooleanAttribute('fail_on_error');
  }
  public set failOnError(value: boolean | cdktf.IResolvable) {
    this._failOnError = value;
  }
  public resetFailOnError() {
    this._failOnError = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get failOnErrorInput() {
    return this._failOnError;
  }

  // gid - computed: false, optional: true, required: false
  private _gid?: number; 
  public get gid() {
    return this.getNumberAttribute('gid');
  }
  public set gid(value: number) {
    this._gid = value;
  }
  public resetGid() {
    this._gid = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get gidInput() {
    return this._gid;
  }

  // stderr - computed: true, optional: false, required: false
  public get stderr() {
    return this.getStringAttribute('stderr');
  }

  // stdout - computed: true, optional: false, required: false
  public get stdout() {
    return this.getStringAttribute('stdout');
  }

  // trigger - computed: true, optional: true, required: false
  private _trigger?: string; 
  public get trigger() {
    return this.getStringAttribute('trigger');
  }
  public set trigger(value: string) {
    this._trigger = value;
  }
  public resetTrigger() {
    this._trigger = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get triggerInput() {
    return this._trigger;
  }

  // uid - computed: false, optional: true, required: false
  private _uid?: number; 
  public get uid() {
    return this.getNumberAttribute('uid');
  }
  public set uid(value: number) {
    this._uid = value;
  }
  public resetUid() {
    this._uid = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get uidInput() {
    return this._uid;
  }

  // working_dir - computed: false, optional: true, required: false
  private _workingDir?: string; 
  public get workingDir() {
    return this.getStringAttribute('working_dir');
  }
  public set workingDir(value: string) {
    this._workingDir = value;
  }
  public resetWorkingDir() {
    this._workingDir = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get workingDirInput() {
    return this._workingDir;
  }
}

export class InstanceExecList extends cdktf.ComplexList {
  public internalValue? : InstanceExec[] | cdktf.IResolvable

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
  public get(index: number): InstanceExecOutputReference {
    return new InstanceExecOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface InstanceFile {
  /**
  * File content.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#content Instance#content}
  */
  readonly content?: string;
  /**
  * Owner gid inside.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#gid Instance#gid}
  */
  readonly gid?: number;
  /**
  * Octal mode.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#mode Instance#mode}
  */
  readonly mode?: string;
  /**
  * Local file to upload instead of content.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#source_path Instance#source_path}
  */
  readonly sourcePath?: string;
  /**
  * Absolute path inside.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#target_path Instance#target_path}
  */
  readonly targetPath: string;
  /**
  * Owner uid inside.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#uid Instance#uid}
  */
  readonly uid?: number;
}

export function instanceFileToTerraform(struct?: InstanceFile | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    content: cdktf.stringToTerraform(struct!.content),
    gid: cdktf.numberToTerraform(struct!.gid),
    mode: cdktf.stringToTerraform(struct!.mode),
    source_path: cdktf.stringToTerraform(struct!.sourcePath),
    target_path: cdktf.stringToTerraform(struct!.targetPath),
    uid: cdktf.numberToTerraform(struct!.uid),
  }
}


export function instanceFileToHclTerraform(struct?: InstanceFile | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    content: {
      value: cdktf.stringToHclTerraform(struct!.content),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    gid: {
      value: cdktf.numberToHclTerraform(struct!.gid),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    mode: {
      value: cdktf.stringToHclTerraform(struct!.mode),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    source_path: {
      value: cdktf.stringToHclTerraform(struct!.sourcePath),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    target_path: {
      value: cdktf.stringToHclTerraform(struct!.targetPath),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    uid: {
      value: cdktf.numberToHclTerraform(struct!.uid),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class InstanceFileOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): InstanceFile | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._content !== undefined) {
      hasAnyValues = true;
      internalValueResult.content = this._content;
    }
    if (this._gid !== undefined) {
      hasAnyValues = true;
      internalValueResult.gid = this._gid;
    }
    if (this._mode !== undefined) {
      hasAnyValues = true;
      internalValueResult.mode = this._mode;
    }
    if (this._sourcePath !== undefined) {
      hasAnyValues = true;
      internalValueResult.sourcePath = this._sourcePath;
    }
    if (this._targetPath !== undefined) {
      hasAnyValues = true;
      internalValueResult.targetPath = this._targetPath;
    }
    if (this._uid !== undefined) {
      hasAnyValues = true;
      internalValueResult.uid = this._uid;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: InstanceFile | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._content = undefined;
      this._gid = undefined;
      this._mode = undefined;
      this._sourcePath = undefined;
      this._targetPath = undefined;
      this._uid = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._content = value.content;
      this._gid = value.gid;
      this._mode = value.mode;
      this._sourcePath = value.sourcePath;
      this._targetPath = value.targetPath;
      this._uid = value.uid;
    }
  }

  // content - computed: false, optional: true, required: false
  private _content?: string; 
  public get content() {
    return this.getStringAttribute('content');
  }
  public set content(value: string) {
    this._content = value;
  }
  public resetContent() {
    this._content = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get contentInput() {
    return this._content;
  }

  // gid - computed: true, optional: true, required: false
  private _gid?: number; 
  public get gid() {
    return this.getNumberAttribute('gid');
  }
  public set gid(value: number) {
    this._gid = value;
  }
  public resetGid() {
    this._gid = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get gidInput() {
    return this._gid;
  }

  // mode - computed: true, optional: true, required: false
  private _mode?: string; 
  public get mode() {
    return this.getStringAttribute('mode');
  }
  public set mode(value: string) {
    this._mode = value;
  }
  public resetMode() {
    this._mode = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get modeInput() {
    return this._mode;
  }

  // source_path - computed: false, optional: true, required: false
  private _sourcePath?: string; 
  public get sourcePath() {
    return this.getStringAttribute('source_path');
  }
  public set sourcePath(value: string) {
    this._sourcePath = value;
  }
  public resetSourcePath() {
    this._sourcePath = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sourcePathInput() {
    return this._sourcePath;
  }

  // target_path - computed: false, optional: false, required: true
  private _targetPath?: string; 
  public get targetPath() {
    return this.getStringAttribute('target_path');
  }
  public set targetPath(value: string) {
    this._targetPath = value;
  }
  // Temporarily expose input value. Use with caution.
  public get targetPathInput() {
    return this._targetPath;
  }

  // uid - computed: true, optional: true, required: false
  private _uid?: number; 
  public get uid() {
    return this.getNumberAttribute('uid');
  }
  public set uid(value: number) {
    this._uid = value;
  }
  public resetUid() {
    this._uid = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get uidInput() {
    return this._uid;
  }
}

export class InstanceFileList extends cdktf.ComplexList {
  public internalValue? : InstanceFile[] | cdktf.IResolvable

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
  public get(index: number): InstanceFileOutputReference {
    return new InstanceFileOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface InstanceNetworkInterface {
  /**
  * Static IPv4 (a DHCP reservation).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#ipv4_address Instance#ipv4_address}
  */
  readonly ipv4Address?: string;
  /**
  * MAC address (generated when unset).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#mac_address Instance#mac_address}
  */
  readonly macAddress?: string;
  /**
  * Device and interface name (eth0).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#name Instance#name}
  */
  readonly name: string;
  /**
  * Managed network (its type decides how the NIC is wired). Either network, or nictype and parent.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#network Instance#network}
  */
  readonly network?: string;
  /**
  * Without network: bridged (a port on the existing host bridge parent), macvlan (on parent's LAN) or physical (parent itself moves into the container and comes back when it stops).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#nictype Instance#nictype}
  */
  readonly nictype?: string;
  /**
  * Host interface of a nictype NIC. Corral never reconfigures it.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#parent Instance#parent}
  */
  readonly parent?: string;
  /**
  * Network ACLs applied to traffic into and out of this NIC (on a managed bridge network), in order. Stateless where the host has no bridge conntrack: replies need rules too.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#security_acls Instance#security_acls}
  */
  readonly securityAcls?: string[];
  /**
  * With security_acls: what happens to traffic out of the NIC no rule matches: allow, reject or drop (default reject; reject drops on a bridge port).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#security_acls_default_egress_action Instance#security_acls_default_egress_action}
  */
  readonly securityAclsDefaultEgressAction?: string;
  /**
  * With security_acls: what happens to traffic into the NIC no rule matches: allow, reject or drop (default reject; reject drops on a bridge port).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#security_acls_default_ingress_action Instance#security_acls_default_ingress_action}
  */
  readonly securityAclsDefaultIngressAction?: string;
  /**
  * VLAN of the NIC's port on a managed bridge network (bridge VLAN filtering), untagged inside.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#vlan Instance#vlan}
  */
  readonly vlan?: number;
}

export function instanceNetworkInterfaceToTerraform(struct?: InstanceNetworkInterface | cdktf.IResolvable): any {
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


export function instanceNetworkInterfaceToHclTerraform(struct?: InstanceNetworkInterface | cdktf.IResolvable): any {
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

export class InstanceNetworkInterfaceOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): InstanceNetworkInterface | cdktf.IResolvable | undefined {
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

  public set internalValue(value: InstanceNetworkInterface | cdktf.IResolvable | undefined) {
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

export class InstanceNetworkInterfaceList extends cdktf.ComplexList {
  public internalValue? : InstanceNetworkInterface[] | cdktf.IResolvable

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
  public get(index: number): InstanceNetworkInterfaceOutputReference {
    return new InstanceNetworkInterfaceOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface InstanceRootDisk {
  /**
  * Storage pool.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#pool Instance#pool}
  */
  readonly pool: string;
  /**
  * Size limit (drivers with quotas), e.g. 2GiB.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#size Instance#size}
  */
  readonly size?: string;
}

export function instanceRootDiskToTerraform(struct?: InstanceRootDiskOutputReference | InstanceRootDisk): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    pool: cdktf.stringToTerraform(struct!.pool),
    size: cdktf.stringToTerraform(struct!.size),
  }
}


export function instanceRootDiskToHclTerraform(struct?: InstanceRootDiskOutputReference | InstanceRootDisk): any {
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

export class InstanceRootDiskOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): InstanceRootDisk | undefined {
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

  public set internalValue(value: InstanceRootDisk | undefined) {
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
export interface InstanceSourceInstance {
  /**
  * The instance to copy.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#name Instance#name}
  */
  readonly name: string;
  /**
  * Its snapshot to copy (e.g. corral_snapshot.x.name); unset: the instance as it is (running only on zfs and btrfs pools).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#snapshot Instance#snapshot}
  */
  readonly snapshot?: string;
}

export function instanceSourceInstanceToTerraform(struct?: InstanceSourceInstanceOutputReference | InstanceSourceInstance): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    name: cdktf.stringToTerraform(struct!.name),
    snapshot: cdktf.stringToTerraform(struct!.snapshot),
  }
}


export function instanceSourceInstanceToHclTerraform(struct?: InstanceSourceInstanceOutputReference | InstanceSourceInstance): any {
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
    snapshot: {
      value: cdktf.stringToHclTerraform(struct!.snapshot),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class InstanceSourceInstanceOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): InstanceSourceInstance | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._name !== undefined) {
      hasAnyValues = true;
      internalValueResult.name = this._name;
    }
    if (this._snapshot !== undefined) {
      hasAnyValues = true;
      internalValueResult.snapshot = this._snapshot;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: InstanceSourceInstance | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._name = undefined;
      this._snapshot = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._name = value.name;
      this._snapshot = value.snapshot;
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

  // snapshot - computed: false, optional: true, required: false
  private _snapshot?: string; 
  public get snapshot() {
    return this.getStringAttribute('snapshot');
  }
  public set snapshot(value: string) {
    this._snapshot = value;
  }
  public resetSnapshot() {
    this._snapshot = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get snapshotInput() {
    return this._snapshot;
  }
}
export interface InstanceTimeouts {
  /**
  * e.g. 10m
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#create Instance#create}
  */
  readonly create?: string;
  /**
  * e.g. 10m
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#delete Instance#delete}
  */
  readonly delete?: string;
  /**
  * e.g. 10m
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#update Instance#update}
  */
  readonly update?: string;
}

export function instanceTimeoutsToTerraform(struct?: InstanceTimeoutsOutputReference | InstanceTimeouts): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    create: cdktf.stringToTerraform(struct!.create),
    delete: cdktf.stringToTerraform(struct!.delete),
    update: cdktf.stringToTerraform(struct!.update),
  }
}


export function instanceTimeoutsToHclTerraform(struct?: InstanceTimeoutsOutputReference | InstanceTimeouts): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    create: {
      value: cdktf.stringToHclTerraform(struct!.create),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    delete: {
      value: cdktf.stringToHclTerraform(struct!.delete),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    update: {
      value: cdktf.stringToHclTerraform(struct!.update),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class InstanceTimeoutsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): InstanceTimeouts | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._create !== undefined) {
      hasAnyValues = true;
      internalValueResult.create = this._create;
    }
    if (this._delete !== undefined) {
      hasAnyValues = true;
      internalValueResult.delete = this._delete;
    }
    if (this._update !== undefined) {
      hasAnyValues = true;
      internalValueResult.update = this._update;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: InstanceTimeouts | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._create = undefined;
      this._delete = undefined;
      this._update = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._create = value.create;
      this._delete = value.delete;
      this._update = value.update;
    }
  }

  // create - computed: false, optional: true, required: false
  private _create?: string; 
  public get create() {
    return this.getStringAttribute('create');
  }
  public set create(value: string) {
    this._create = value;
  }
  public resetCreate() {
    this._create = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get createInput() {
    return this._create;
  }

  // delete - computed: false, optional: true, required: false
  private _delete?: string; 
  public get delete() {
    return this.getStringAttribute('delete');
  }
  public set delete(value: string) {
    this._delete = value;
  }
  public resetDelete() {
    this._delete = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get deleteInput() {
    return this._delete;
  }

  // update - computed: false, optional: true, required: false
  private _update?: string; 
  public get update() {
    return this.getStringAttribute('update');
  }
  public set update(value: string) {
    this._update = value;
  }
  public resetUpdate() {
    this._update = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get updateInput() {
    return this._update;
  }
}
export interface InstanceWaitFor {
  /**
  * Commands run inside (for a VM: its guest agent answers).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#agent Instance#agent}
  */
  readonly agent?: boolean | cdktf.IResolvable;
  /**
  * cloud-init finished (`cloud-init status --wait`); its failure fails the apply.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#cloud_init Instance#cloud_init}
  */
  readonly cloudInit?: boolean | cdktf.IResolvable;
  /**
  * A command that must exit 0 (retried until the timeout), e.g. ["sh", "-c", "test -f /run/ready"].
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#exec Instance#exec}
  */
  readonly exec?: string[];
  /**
  * A global IPv4 address.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#ipv4 Instance#ipv4}
  */
  readonly ipv4?: boolean | cdktf.IResolvable;
  /**
  * A global IPv6 address.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#ipv6 Instance#ipv6}
  */
  readonly ipv6?: boolean | cdktf.IResolvable;
  /**
  * A TCP port on the instance's address that must accept connections (checked by the agent).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#tcp_port Instance#tcp_port}
  */
  readonly tcpPort?: number;
  /**
  * How long to wait (default 3m).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#timeout Instance#timeout}
  */
  readonly timeout?: string;
}

export function instanceWaitForToTerraform(struct?: InstanceWaitForOutputReference | InstanceWaitFor): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    agent: cdktf.booleanToTerraform(struct!.agent),
    cloud_init: cdktf.booleanToTerraform(struct!.cloudInit),
    exec: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.exec),
    ipv4: cdktf.booleanToTerraform(struct!.ipv4),
    ipv6: cdktf.booleanToTerraform(struct!.ipv6),
    tcp_port: cdktf.numberToTerraform(struct!.tcpPort),
    timeout: cdktf.stringToTerraform(struct!.timeout),
  }
}


export function instanceWaitForToHclTerraform(struct?: InstanceWaitForOutputReference | InstanceWaitFor): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    agent: {
      value: cdktf.booleanToHclTerraform(struct!.agent),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    cloud_init: {
      value: cdktf.booleanToHclTerraform(struct!.cloudInit),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    exec: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.exec),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    ipv4: {
      value: cdktf.booleanToHclTerraform(struct!.ipv4),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    ipv6: {
      value: cdktf.booleanToHclTerraform(struct!.ipv6),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    tcp_port: {
      value: cdktf.numberToHclTerraform(struct!.tcpPort),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    timeout: {
      value: cdktf.stringToHclTerraform(struct!.timeout),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class InstanceWaitForOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): InstanceWaitFor | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._agent !== undefined) {
      hasAnyValues = true;
      internalValueResult.agent = this._agent;
    }
    if (this._cloudInit !== undefined) {
      hasAnyValues = true;
      internalValueResult.cloudInit = this._cloudInit;
    }
    if (this._exec !== undefined) {
      hasAnyValues = true;
      internalValueResult.exec = this._exec;
    }
    if (this._ipv4 !== undefined) {
      hasAnyValues = true;
      internalValueResult.ipv4 = this._ipv4;
    }
    if (this._ipv6 !== undefined) {
      hasAnyValues = true;
      internalValueResult.ipv6 = this._ipv6;
    }
    if (this._tcpPort !== undefined) {
      hasAnyValues = true;
      internalValueResult.tcpPort = this._tcpPort;
    }
    if (this._timeout !== undefined) {
      hasAnyValues = true;
      internalValueResult.timeout = this._timeout;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: InstanceWaitFor | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._agent = undefined;
      this._cloudInit = undefined;
      this._exec = undefined;
      this._ipv4 = undefined;
      this._ipv6 = undefined;
      this._tcpPort = undefined;
      this._timeout = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._agent = value.agent;
      this._cloudInit = value.cloudInit;
      this._exec = value.exec;
      this._ipv4 = value.ipv4;
      this._ipv6 = value.ipv6;
      this._tcpPort = value.tcpPort;
      this._timeout = value.timeout;
    }
  }

  // agent - computed: false, optional: true, required: false
  private _agent?: boolean | cdktf.IResolvable; 
  public get agent() {
    return this.getBooleanAttribute('agent');
  }
  public set agent(value: boolean | cdktf.IResolvable) {
    this._agent = value;
  }
  public resetAgent() {
    this._agent = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get agentInput() {
    return this._agent;
  }

  // cloud_init - computed: false, optional: true, required: false
  private _cloudInit?: boolean | cdktf.IResolvable; 
  public get cloudInit() {
    return this.getBooleanAttribute('cloud_init');
  }
  public set cloudInit(value: boolean | cdktf.IResolvable) {
    this._cloudInit = value;
  }
  public resetCloudInit() {
    this._cloudInit = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get cloudInitInput() {
    return this._cloudInit;
  }

  // exec - computed: false, optional: true, required: false
  private _exec?: string[]; 
  public get exec() {
    return this.getListAttribute('exec');
  }
  public set exec(value: string[]) {
    this._exec = value;
  }
  public resetExec() {
    this._exec = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get execInput() {
    return this._exec;
  }

  // ipv4 - computed: false, optional: true, required: false
  private _ipv4?: boolean | cdktf.IResolvable; 
  public get ipv4() {
    return this.getBooleanAttribute('ipv4');
  }
  public set ipv4(value: boolean | cdktf.IResolvable) {
    this._ipv4 = value;
  }
  public resetIpv4() {
    this._ipv4 = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get ipv4Input() {
    return this._ipv4;
  }

  // ipv6 - computed: false, optional: true, required: false
  private _ipv6?: boolean | cdktf.IResolvable; 
  public get ipv6() {
    return this.getBooleanAttribute('ipv6');
  }
  public set ipv6(value: boolean | cdktf.IResolvable) {
    this._ipv6 = value;
  }
  public resetIpv6() {
    this._ipv6 = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get ipv6Input() {
    return this._ipv6;
  }

  // tcp_port - computed: false, optional: true, required: false
  private _tcpPort?: number; 
  public get tcpPort() {
    return this.getNumberAttribute('tcp_port');
  }
  public set tcpPort(value: number) {
    this._tcpPort = value;
  }
  public resetTcpPort() {
    this._tcpPort = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tcpPortInput() {
    return this._tcpPort;
  }

  // timeout - computed: false, optional: true, required: false
  private _timeout?: string; 
  public get timeout() {
    return this.getStringAttribute('timeout');
  }
  public set timeout(value: string) {
    this._timeout = value;
  }
  public resetTimeout() {
    this._timeout = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get timeoutInput() {
    return this._timeout;
  }
}

/**
* Represents a {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance corral_instance}
*/
export class Instance extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "corral_instance";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a Instance resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the Instance to import
  * @param importFromId The id of the existing Instance that should be imported. Refer to the {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the Instance to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "corral_instance", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/instance corral_instance} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options InstanceConfig
  */
  public constructor(scope: Construct, id: string, config: InstanceConfig) {
    super(scope, id, {
      terraformResourceType: 'corral_instance',
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
    this._cpu = config.cpu;
    this._description = config.description;
    this._ephemeral = config.ephemeral;
    this._image = config.image;
    this._memory = config.memory;
    this._name = config.name;
    this._profiles = config.profiles;
    this._running = config.running;
    this._target = config.target;
    this._ttl = config.ttl;
    this._type = config.type;
    this._cloudInit.internalValue = config.cloudInit;
    this._disk.internalValue = config.disk;
    this._exec.internalValue = config.exec;
    this._file.internalValue = config.file;
    this._networkInterface.internalValue = config.networkInterface;
    this._rootDisk.internalValue = config.rootDisk;
    this._sourceInstance.internalValue = config.sourceInstance;
    this._timeouts.internalValue = config.timeouts;
    this._waitFor.internalValue = config.waitFor;
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

  // cpu - computed: false, optional: true, required: false
  private _cpu?: number; 
  public get cpu() {
    return this.getNumberAttribute('cpu');
  }
  public set cpu(value: number) {
    this._cpu = value;
  }
  public resetCpu() {
    this._cpu = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get cpuInput() {
    return this._cpu;
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

  // ephemeral - computed: true, optional: true, required: false
  private _ephemeral?: boolean | cdktf.IResolvable; 
  public get ephemeral() {
    return this.getBooleanAttribute('ephemeral');
  }
  public set ephemeral(value: boolean | cdktf.IResolvable) {
    this._ephemeral = value;
  }
  public resetEphemeral() {
    this._ephemeral = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get ephemeralInput() {
    return this._ephemeral;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // image - computed: false, optional: true, required: false
  private _image?: string; 
  public get image() {
    return this.getStringAttribute('image');
  }
  public set image(value: string) {
    this._image = value;
  }
  public resetImage() {
    this._image = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get imageInput() {
    return this._image;
  }

  // interfaces - computed: true, optional: false, required: false
  private _interfaces = new InstanceInterfacesMap(this, "interfaces");
  public get interfaces() {
    return this._interfaces;
  }

  // ipv4_address - computed: true, optional: false, required: false
  public get ipv4Address() {
    return this.getStringAttribute('ipv4_address');
  }

  // ipv6_address - computed: true, optional: false, required: false
  public get ipv6Address() {
    return this.getStringAttribute('ipv6_address');
  }

  // lease_expires_at - computed: true, optional: false, required: false
  public get leaseExpiresAt() {
    return this.getStringAttribute('lease_expires_at');
  }

  // location - computed: true, optional: false, required: false
  public get location() {
    return this.getStringAttribute('location');
  }

  // mac_address - computed: true, optional: false, required: false
  public get macAddress() {
    return this.getStringAttribute('mac_address');
  }

  // memory - computed: false, optional: true, required: false
  private _memory?: string; 
  public get memory() {
    return this.getStringAttribute('memory');
  }
  public set memory(value: string) {
    this._memory = value;
  }
  public resetMemory() {
    this._memory = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get memoryInput() {
    return this._memory;
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

  // profiles - computed: true, optional: true, required: false
  private _profiles?: string[]; 
  public get profiles() {
    return this.getListAttribute('profiles');
  }
  public set profiles(value: string[]) {
    this._profiles = value;
  }
  public resetProfiles() {
    this._profiles = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get profilesInput() {
    return this._profiles;
  }

  // running - computed: true, optional: true, required: false
  private _running?: boolean | cdktf.IResolvable; 
  public get running() {
    return this.getBooleanAttribute('running');
  }
  public set running(value: boolean | cdktf.IResolvable) {
    this._running = value;
  }
  public resetRunning() {
    this._running = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get runningInput() {
    return this._running;
  }

  // status - computed: true, optional: false, required: false
  public get status() {
    return this.getStringAttribute('status');
  }

  // target - computed: false, optional: true, required: false
  private _target?: string; 
  public get target() {
    return this.getStringAttribute('target');
  }
  public set target(value: string) {
    this._target = value;
  }
  public resetTarget() {
    this._target = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get targetInput() {
    return this._target;
  }

  // ttl - computed: false, optional: true, required: false
  private _ttl?: string; 
  public get ttl() {
    return this.getStringAttribute('ttl');
  }
  public set ttl(value: string) {
    this._ttl = value;
  }
  public resetTtl() {
    this._ttl = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get ttlInput() {
    return this._ttl;
  }

  // type - computed: true, optional: true, required: false
  private _type?: string; 
  public get type() {
    return this.getStringAttribute('type');
  }
  public set type(value: string) {
    this._type = value;
  }
  public resetType() {
    this._type = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get typeInput() {
    return this._type;
  }

  // cloud_init - computed: false, optional: true, required: false
  private _cloudInit = new InstanceCloudInitOutputReference(this, "cloud_init");
  public get cloudInit() {
    return this._cloudInit;
  }
  public putCloudInit(value: InstanceCloudInit) {
    this._cloudInit.internalValue = value;
  }
  public resetCloudInit() {
    this._cloudInit.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get cloudInitInput() {
    return this._cloudInit.internalValue;
  }

  // disk - computed: false, optional: true, required: false
  private _disk = new InstanceDiskList(this, "disk", false);
  public get disk() {
    return this._disk;
  }
  public putDisk(value: InstanceDisk[] | cdktf.IResolvable) {
    this._disk.internalValue = value;
  }
  public resetDisk() {
    this._disk.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get diskInput() {
    return this._disk.internalValue;
  }

  // exec - computed: false, optional: true, required: false
  private _exec = new InstanceExecList(this, "exec", false);
  public get exec() {
    return this._exec;
  }
  public putExec(value: InstanceExec[] | cdktf.IResolvable) {
    this._exec.internalValue = value;
  }
  public resetExec() {
    this._exec.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get execInput() {
    return this._exec.internalValue;
  }

  // file - computed: false, optional: true, required: false
  private _file = new InstanceFileList(this, "file", false);
  public get file() {
    return this._file;
  }
  public putFile(value: InstanceFile[] | cdktf.IResolvable) {
    this._file.internalValue = value;
  }
  public resetFile() {
    this._file.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get fileInput() {
    return this._file.internalValue;
  }

  // network_interface - computed: false, optional: true, required: false
  private _networkInterface = new InstanceNetworkInterfaceList(this, "network_interface", false);
  public get networkInterface() {
    return this._networkInterface;
  }
  public putNetworkInterface(value: InstanceNetworkInterface[] | cdktf.IResolvable) {
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
  private _rootDisk = new InstanceRootDiskOutputReference(this, "root_disk");
  public get rootDisk() {
    return this._rootDisk;
  }
  public putRootDisk(value: InstanceRootDisk) {
    this._rootDisk.internalValue = value;
  }
  public resetRootDisk() {
    this._rootDisk.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get rootDiskInput() {
    return this._rootDisk.internalValue;
  }

  // source_instance - computed: false, optional: true, required: false
  private _sourceInstance = new InstanceSourceInstanceOutputReference(this, "source_instance");
  public get sourceInstance() {
    return this._sourceInstance;
  }
  public putSourceInstance(value: InstanceSourceInstance) {
    this._sourceInstance.internalValue = value;
  }
  public resetSourceInstance() {
    this._sourceInstance.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sourceInstanceInput() {
    return this._sourceInstance.internalValue;
  }

  // timeouts - computed: false, optional: true, required: false
  private _timeouts = new InstanceTimeoutsOutputReference(this, "timeouts");
  public get timeouts() {
    return this._timeouts;
  }
  public putTimeouts(value: InstanceTimeouts) {
    this._timeouts.internalValue = value;
  }
  public resetTimeouts() {
    this._timeouts.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get timeoutsInput() {
    return this._timeouts.internalValue;
  }

  // wait_for - computed: false, optional: true, required: false
  private _waitFor = new InstanceWaitForOutputReference(this, "wait_for");
  public get waitFor() {
    return this._waitFor;
  }
  public putWaitFor(value: InstanceWaitFor) {
    this._waitFor.internalValue = value;
  }
  public resetWaitFor() {
    this._waitFor.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get waitForInput() {
    return this._waitFor.internalValue;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      config: cdktf.hashMapper(cdktf.stringToTerraform)(this._config),
      cpu: cdktf.numberToTerraform(this._cpu),
      description: cdktf.stringToTerraform(this._description),
      ephemeral: cdktf.booleanToTerraform(this._ephemeral),
      image: cdktf.stringToTerraform(this._image),
      memory: cdktf.stringToTerraform(this._memory),
      name: cdktf.stringToTerraform(this._name),
      profiles: cdktf.listMapper(cdktf.stringToTerraform, false)(this._profiles),
      running: cdktf.booleanToTerraform(this._running),
      target: cdktf.stringToTerraform(this._target),
      ttl: cdktf.stringToTerraform(this._ttl),
      type: cdktf.stringToTerraform(this._type),
      cloud_init: instanceCloudInitToTerraform(this._cloudInit.internalValue),
      disk: cdktf.listMapper(instanceDiskToTerraform, true)(this._disk.internalValue),
      exec: cdktf.listMapper(instanceExecToTerraform, true)(this._exec.internalValue),
      file: cdktf.listMapper(instanceFileToTerraform, true)(this._file.internalValue),
      network_interface: cdktf.listMapper(instanceNetworkInterfaceToTerraform, true)(this._networkInterface.internalValue),
      root_disk: instanceRootDiskToTerraform(this._rootDisk.internalValue),
      source_instance: instanceSourceInstanceToTerraform(this._sourceInstance.internalValue),
      timeouts: instanceTimeoutsToTerraform(this._timeouts.internalValue),
      wait_for: instanceWaitForToTerraform(this._waitFor.internalValue),
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
      cpu: {
        value: cdktf.numberToHclTerraform(this._cpu),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      description: {
        value: cdktf.stringToHclTerraform(this._description),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      ephemeral: {
        value: cdktf.booleanToHclTerraform(this._ephemeral),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      image: {
        value: cdktf.stringToHclTerraform(this._image),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      memory: {
        value: cdktf.stringToHclTerraform(this._memory),
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
      profiles: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._profiles),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      running: {
        value: cdktf.booleanToHclTerraform(this._running),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      target: {
        value: cdktf.stringToHclTerraform(this._target),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      ttl: {
        value: cdktf.stringToHclTerraform(this._ttl),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      type: {
        value: cdktf.stringToHclTerraform(this._type),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      cloud_init: {
        value: instanceCloudInitToHclTerraform(this._cloudInit.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "InstanceCloudInitList",
      },
      disk: {
        value: cdktf.listMapperHcl(instanceDiskToHclTerraform, true)(this._disk.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "InstanceDiskList",
      },
      exec: {
        value: cdktf.listMapperHcl(instanceExecToHclTerraform, true)(this._exec.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "InstanceExecList",
      },
      file: {
        value: cdktf.listMapperHcl(instanceFileToHclTerraform, true)(this._file.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "InstanceFileList",
      },
      network_interface: {
        value: cdktf.listMapperHcl(instanceNetworkInterfaceToHclTerraform, true)(this._networkInterface.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "InstanceNetworkInterfaceList",
      },
      root_disk: {
        value: instanceRootDiskToHclTerraform(this._rootDisk.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "InstanceRootDiskList",
      },
      source_instance: {
        value: instanceSourceInstanceToHclTerraform(this._sourceInstance.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "InstanceSourceInstanceList",
      },
      timeouts: {
        value: instanceTimeoutsToHclTerraform(this._timeouts.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "InstanceTimeoutsList",
      },
      wait_for: {
        value: instanceWaitForToHclTerraform(this._waitFor.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "InstanceWaitForList",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
