// https://registry.opentofu.org/providers/corral/corral/0.1.0/docs
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface CorralProviderConfig {
  /**
  * CA (PEM or path) that signed the agent's certificate (env CORRAL_CA_CERT).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs#ca_certificate CorralProvider#ca_certificate}
  */
  readonly caCertificate?: string;
  /**
  * Client certificate PEM, or a path to it (env CORRAL_CLIENT_CERT).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs#client_certificate CorralProvider#client_certificate}
  */
  readonly clientCertificate?: string;
  /**
  * Client key PEM, or a path to it (env CORRAL_CLIENT_KEY).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs#client_key CorralProvider#client_key}
  */
  readonly clientKey?: string;
  /**
  * unix:///path or https://host:port (env CORRAL_ENDPOINT; default unix:///var/lib/corral/corrald.sock).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs#endpoint CorralProvider#endpoint}
  */
  readonly endpoint?: string;
  /**
  * Several members of one cluster, tried in order: the provider uses the first that connects (each within 5 seconds) and moves to the next when it goes down (instead of endpoint). https endpoints share the TLS settings: every member presents a certificate from the cluster CA, so server_certificate_fingerprint set to the cluster CA's fingerprint (what a trust token made on any member carries) or ca_certificate set to the cluster CA (cluster/ca.crt in any member's data dir) accepts every member. An endpoint whose certificate is refused stops the provider with an error; it is not skipped.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs#endpoints CorralProvider#endpoints}
  */
  readonly endpoints?: string[];
  /**
  * SHA-256 of the agent's certificate, or of the CA that issued it (a cluster's CA: every member is accepted, provided its certificate names the address dialled), to pin (env CORRAL_SERVER_FINGERPRINT).
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs#server_certificate_fingerprint CorralProvider#server_certificate_fingerprint}
  */
  readonly serverCertificateFingerprint?: string;
  /**
  * One-time enrolment token from `corral trust add` (env CORRAL_TRUST_TOKEN). Unless server_certificate_fingerprint is set, the fingerprint the token carries is pinned: a token made on a cluster member carries the cluster CA's, which accepts every member.
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs#trust_token CorralProvider#trust_token}
  */
  readonly trustToken?: string;
  /**
  * Alias name
  *
  * Docs at Terraform Registry: {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs#alias CorralProvider#alias}
  */
  readonly alias?: string;
}

/**
* Represents a {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs corral}
*/
export class CorralProvider extends cdktf.TerraformProvider {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "corral";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a CorralProvider resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the CorralProvider to import
  * @param importFromId The id of the existing CorralProvider that should be imported. Refer to the {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the CorralProvider to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "corral", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.opentofu.org/providers/corral/corral/0.1.0/docs corral} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options CorralProviderConfig = {}
  */
  public constructor(scope: Construct, id: string, config: CorralProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'corral',
      terraformGeneratorMetadata: {
        providerName: 'corral',
        providerVersion: '0.1.0',
        providerVersionConstraint: '0.1.0'
      },
      terraformProviderSource: 'registry.opentofu.org/corral/corral'
    });
    this._caCertificate = config.caCertificate;
    this._clientCertificate = config.clientCertificate;
    this._clientKey = config.clientKey;
    this._endpoint = config.endpoint;
    this._endpoints = config.endpoints;
    this._serverCertificateFingerprint = config.serverCertificateFingerprint;
    this._trustToken = config.trustToken;
    this._alias = config.alias;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // ca_certificate - computed: false, optional: true, required: false
  private _caCertificate?: string; 
  public get caCertificate() {
    return this._caCertificate;
  }
  public set caCertificate(value: string | undefined) {
    this._caCertificate = value;
  }
  public resetCaCertificate() {
    this._caCertificate = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get caCertificateInput() {
    return this._caCertificate;
  }

  // client_certificate - computed: false, optional: true, required: false
  private _clientCertificate?: string; 
  public get clientCertificate() {
    return this._clientCertificate;
  }
  public set clientCertificate(value: string | undefined) {
    this._clientCertificate = value;
  }
  public resetClientCertificate() {
    this._clientCertificate = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get clientCertificateInput() {
    return this._clientCertificate;
  }

  // client_key - computed: false, optional: true, required: false
  private _clientKey?: string; 
  public get clientKey() {
    return this._clientKey;
  }
  public set clientKey(value: string | undefined) {
    this._clientKey = value;
  }
  public resetClientKey() {
    this._clientKey = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get clientKeyInput() {
    return this._clientKey;
  }

  // endpoint - computed: false, optional: true, required: false
  private _endpoint?: string; 
  public get endpoint() {
    return this._endpoint;
  }
  public set endpoint(value: string | undefined) {
    this._endpoint = value;
  }
  public resetEndpoint() {
    this._endpoint = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get endpointInput() {
    return this._endpoint;
  }

  // endpoints - computed: false, optional: true, required: false
  private _endpoints?: string[]; 
  public get endpoints() {
    return this._endpoints;
  }
  public set endpoints(value: string[] | undefined) {
    this._endpoints = value;
  }
  public resetEndpoints() {
    this._endpoints = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get endpointsInput() {
    return this._endpoints;
  }

  // server_certificate_fingerprint - computed: false, optional: true, required: false
  private _serverCertificateFingerprint?: string; 
  public get serverCertificateFingerprint() {
    return this._serverCertificateFingerprint;
  }
  public set serverCertificateFingerprint(value: string | undefined) {
    this._serverCertificateFingerprint = value;
  }
  public resetServerCertificateFingerprint() {
    this._serverCertificateFingerprint = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get serverCertificateFingerprintInput() {
    return this._serverCertificateFingerprint;
  }

  // trust_token - computed: false, optional: true, required: false
  private _trustToken?: string; 
  public get trustToken() {
    return this._trustToken;
  }
  public set trustToken(value: string | undefined) {
    this._trustToken = value;
  }
  public resetTrustToken() {
    this._trustToken = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get trustTokenInput() {
    return this._trustToken;
  }

  // alias - computed: false, optional: true, required: false
  private _alias?: string; 
  public get alias() {
    return this._alias;
  }
  public set alias(value: string | undefined) {
    this._alias = value;
  }
  public resetAlias() {
    this._alias = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get aliasInput() {
    return this._alias;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      ca_certificate: cdktf.stringToTerraform(this._caCertificate),
      client_certificate: cdktf.stringToTerraform(this._clientCertificate),
      client_key: cdktf.stringToTerraform(this._clientKey),
      endpoint: cdktf.stringToTerraform(this._endpoint),
      endpoints: cdktf.listMapper(cdktf.stringToTerraform, false)(this._endpoints),
      server_certificate_fingerprint: cdktf.stringToTerraform(this._serverCertificateFingerprint),
      trust_token: cdktf.stringToTerraform(this._trustToken),
      alias: cdktf.stringToTerraform(this._alias),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      ca_certificate: {
        value: cdktf.stringToHclTerraform(this._caCertificate),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      client_certificate: {
        value: cdktf.stringToHclTerraform(this._clientCertificate),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      client_key: {
        value: cdktf.stringToHclTerraform(this._clientKey),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      endpoint: {
        value: cdktf.stringToHclTerraform(this._endpoint),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      endpoints: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._endpoints),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      server_certificate_fingerprint: {
        value: cdktf.stringToHclTerraform(this._serverCertificateFingerprint),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      trust_token: {
        value: cdktf.stringToHclTerraform(this._trustToken),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      alias: {
        value: cdktf.stringToHclTerraform(this._alias),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
