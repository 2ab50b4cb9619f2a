// https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/image
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface ImageConfig extends cdktf.TerraformMetaArguments {
  /**
  * Aliases of the image in the agent's store.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/image#aliases Image#aliases}
  */
  readonly aliases?: string[];
  /**
  * Alias (e.g. debian/12) or fingerprint prefix of the image on source_remote.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/image#source_alias Image#source_alias}
  */
  readonly sourceAlias?: string;
  /**
  * Local image file, streamed to the agent.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/image#source_file Image#source_file}
  */
  readonly sourceFile?: string;
  /**
  * Publish a container: INSTANCE (stopped) or INSTANCE/SNAPSHOT (e.g. a corral_snapshot), for golden images built by Terraform.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/image#source_instance Image#source_instance}
  */
  readonly sourceInstance?: string;
  /**
  * Name of an image server the agent knows (`corral remote list`); the agent fetches the image from it.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/image#source_remote Image#source_remote}
  */
  readonly sourceRemote?: string;
  /**
  * URL of an image file, downloaded by the provider.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/image#source_url Image#source_url}
  */
  readonly sourceUrl?: string;
  /**
  * container or virtual-machine; with source_remote it picks which image of the alias is fetched (default container).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/image#type Image#type}
  */
  readonly type?: string;
}

/**
* Represents a {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/image corral_image}
*/
export class Image extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "corral_image";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a Image resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the Image to import
  * @param importFromId The id of the existing Image that should be imported. Refer to the {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/image#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the Image to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "corral_image", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs/resources/image corral_image} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options ImageConfig = {}
  */
  public constructor(scope: Construct, id: string, config: ImageConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'corral_image',
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
    this._aliases = config.aliases;
    this._sourceAlias = config.sourceAlias;
    this._sourceFile = config.sourceFile;
    this._sourceInstance = config.sourceInstance;
    this._sourceRemote = config.sourceRemote;
    this._sourceUrl = config.sourceUrl;
    this._type = config.type;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // aliases - computed: false, optional: true, required: false
  private _aliases?: string[]; 
  public get aliases() {
    return this.getListAttribute('aliases');
  }
  public set aliases(value: string[]) {
    this._aliases = value;
  }
  public resetAliases() {
    this._aliases = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get aliasesInput() {
    return this._aliases;
  }

  // architecture - computed: true, optional: false, required: false
  public get architecture() {
    return this.getStringAttribute('architecture');
  }

  // created_at - computed: true, optional: false, required: false
  public get createdAt() {
    return this.getStringAttribute('created_at');
  }

  // fingerprint - computed: true, optional: false, required: false
  public get fingerprint() {
    return this.getStringAttribute('fingerprint');
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // size_bytes - computed: true, optional: false, required: false
  public get sizeBytes() {
    return this.getNumberAttribute('size_bytes');
  }

  // source_alias - computed: false, optional: true, required: false
  private _sourceAlias?: string; 
  public get sourceAlias() {
    return this.getStringAttribute('source_alias');
  }
  public set sourceAlias(value: string) {
    this._sourceAlias = value;
  }
  public resetSourceAlias() {
    this._sourceAlias = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sourceAliasInput() {
    return this._sourceAlias;
  }

  // source_file - computed: false, optional: true, required: false
  private _sourceFile?: string; 
  public get sourceFile() {
    return this.getStringAttribute('source_file');
  }
  public set sourceFile(value: string) {
    this._sourceFile = value;
  }
  public resetSourceFile() {
    this._sourceFile = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sourceFileInput() {
    return this._sourceFile;
  }

  // source_instance - computed: false, optional: true, required: false
  private _sourceInstance?: string; 
  public get sourceInstance() {
    return this.getStringAttribute('source_instance');
  }
  public set sourceInstance(value: string) {
    this._sourceInstance = value;
  }
  public resetSourceInstance() {
    this._sourceInstance = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sourceInstanceInput() {
    return this._sourceInstance;
  }

  // source_remote - computed: false, optional: true, required: false
  private _sourceRemote?: string; 
  public get sourceRemote() {
    return this.getStringAttribute('source_remote');
  }
  public set sourceRemote(value: string) {
    this._sourceRemote = value;
  }
  public resetSourceRemote() {
    this._sourceRemote = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sourceRemoteInput() {
    return this._sourceRemote;
  }

  // source_url - computed: false, optional: true, required: false
  private _sourceUrl?: string; 
  public get sourceUrl() {
    return this.getStringAttribute('source_url');
  }
  public set sourceUrl(value: string) {
    this._sourceUrl = value;
  }
  public resetSourceUrl() {
    this._sourceUrl = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sourceUrlInput() {
    return this._sourceUrl;
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

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      aliases: cdktf.listMapper(cdktf.stringToTerraform, false)(this._aliases),
      source_alias: cdktf.stringToTerraform(this._sourceAlias),
      source_file: cdktf.stringToTerraform(this._sourceFile),
      source_instance: cdktf.stringToTerraform(this._sourceInstance),
      source_remote: cdktf.stringToTerraform(this._sourceRemote),
      source_url: cdktf.stringToTerraform(this._sourceUrl),
      type: cdktf.stringToTerraform(this._type),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      aliases: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._aliases),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      source_alias: {
        value: cdktf.stringToHclTerraform(this._sourceAlias),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      source_file: {
        value: cdktf.stringToHclTerraform(this._sourceFile),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      source_instance: {
        value: cdktf.stringToHclTerraform(this._sourceInstance),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      source_remote: {
        value: cdktf.stringToHclTerraform(this._sourceRemote),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      source_url: {
        value: cdktf.stringToHclTerraform(this._sourceUrl),
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
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
