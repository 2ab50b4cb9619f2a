// https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/volume
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface VolumeConfig extends cdktf.TerraformMetaArguments {
  /**
  * Volume config keys other than size (security.shared, user.*), changed in place.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/volume#config Volume#config}
  */
  readonly config?: { [key: string]: string };
  /**
  * filesystem (block where the driver supports it).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/volume#content_type Volume#content_type}
  */
  readonly contentType?: string;
  /**
  * Volume name.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/volume#name Volume#name}
  */
  readonly name: string;
  /**
  * Storage pool.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/volume#pool Volume#pool}
  */
  readonly pool: string;
  /**
  * Size limit of a filesystem volume (drivers with quotas), or the disk size of a block volume. Changed in place: a block volume only grows, a filesystem volume not below what it uses.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/volume#size Volume#size}
  */
  readonly size?: string;
  /**
  * Cluster member.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/volume#target Volume#target}
  */
  readonly target?: string;
  /**
  * Lease length (30m, 2h, 7d; config lease.duration): the agent deletes the volume (once no instance uses it) when the lease ends, e.g. after a CI pipeline died before its destroy. Changing it restarts the lease; `corral lease renew` extends it. The next plan shows a deleted volume (once no instance uses it) as to be created.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/volume#ttl Volume#ttl}
  */
  readonly ttl?: string;
}

/**
* Represents a {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/volume corral_volume}
*/
export class Volume extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "corral_volume";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a Volume resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the Volume to import
  * @param importFromId The id of the existing Volume that should be imported. Refer to the {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/volume#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the Volume to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "corral_volume", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/volume corral_volume} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options VolumeConfig
  */
  public constructor(scope: Construct, id: string, config: VolumeConfig) {
    super(scope, id, {
      terraformResourceType: 'corral_volume',
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
    this._contentType = config.contentType;
    this._name = config.name;
    this._pool = config.pool;
    this._size = config.size;
    this._target = config.target;
    this._ttl = config.ttl;
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

  // content_type - computed: true, optional: true, required: false
  private _contentType?: string; 
  public get contentType() {
    return this.getStringAttribute('content_type');
  }
  public set contentType(value: string) {
    this._contentType = value;
  }
  public resetContentType() {
    this._contentType = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get contentTypeInput() {
    return this._contentType;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // lease_expires_at - computed: true, optional: false, required: false
  public get leaseExpiresAt() {
    return this.getStringAttribute('lease_expires_at');
  }

  // location - computed: true, optional: false, required: false
  public get location() {
    return this.getStringAttribute('location');
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

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      config: cdktf.hashMapper(cdktf.stringToTerraform)(this._config),
      content_type: cdktf.stringToTerraform(this._contentType),
      name: cdktf.stringToTerraform(this._name),
      pool: cdktf.stringToTerraform(this._pool),
      size: cdktf.stringToTerraform(this._size),
      target: cdktf.stringToTerraform(this._target),
      ttl: cdktf.stringToTerraform(this._ttl),
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
      content_type: {
        value: cdktf.stringToHclTerraform(this._contentType),
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
      pool: {
        value: cdktf.stringToHclTerraform(this._pool),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      size: {
        value: cdktf.stringToHclTerraform(this._size),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
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
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
