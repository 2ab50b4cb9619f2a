// Original file: corral/v1/profiles.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DeleteProfileResponse as _corral_v1_DeleteProfileResponse, DeleteProfileResponse__Output as _corral_v1_DeleteProfileResponse__Output } from '../../corral/v1/DeleteProfileResponse';
import type { GetProfileRequest as _corral_v1_GetProfileRequest, GetProfileRequest__Output as _corral_v1_GetProfileRequest__Output } from '../../corral/v1/GetProfileRequest';
import type { ListProfilesRequest as _corral_v1_ListProfilesRequest, ListProfilesRequest__Output as _corral_v1_ListProfilesRequest__Output } from '../../corral/v1/ListProfilesRequest';
import type { ListProfilesResponse as _corral_v1_ListProfilesResponse, ListProfilesResponse__Output as _corral_v1_ListProfilesResponse__Output } from '../../corral/v1/ListProfilesResponse';
import type { Profile as _corral_v1_Profile, Profile__Output as _corral_v1_Profile__Output } from '../../corral/v1/Profile';

export interface ProfilesClient extends grpc.Client {
  CreateProfile(argument: _corral_v1_Profile, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  CreateProfile(argument: _corral_v1_Profile, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  CreateProfile(argument: _corral_v1_Profile, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  CreateProfile(argument: _corral_v1_Profile, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  createProfile(argument: _corral_v1_Profile, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  createProfile(argument: _corral_v1_Profile, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  createProfile(argument: _corral_v1_Profile, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  createProfile(argument: _corral_v1_Profile, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  
  DeleteProfile(argument: _corral_v1_GetProfileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteProfileResponse__Output>): grpc.ClientUnaryCall;
  DeleteProfile(argument: _corral_v1_GetProfileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteProfileResponse__Output>): grpc.ClientUnaryCall;
  DeleteProfile(argument: _corral_v1_GetProfileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteProfileResponse__Output>): grpc.ClientUnaryCall;
  DeleteProfile(argument: _corral_v1_GetProfileRequest, callback: grpc.requestCallback<_corral_v1_DeleteProfileResponse__Output>): grpc.ClientUnaryCall;
  deleteProfile(argument: _corral_v1_GetProfileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteProfileResponse__Output>): grpc.ClientUnaryCall;
  deleteProfile(argument: _corral_v1_GetProfileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteProfileResponse__Output>): grpc.ClientUnaryCall;
  deleteProfile(argument: _corral_v1_GetProfileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteProfileResponse__Output>): grpc.ClientUnaryCall;
  deleteProfile(argument: _corral_v1_GetProfileRequest, callback: grpc.requestCallback<_corral_v1_DeleteProfileResponse__Output>): grpc.ClientUnaryCall;
  
  GetProfile(argument: _corral_v1_GetProfileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  GetProfile(argument: _corral_v1_GetProfileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  GetProfile(argument: _corral_v1_GetProfileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  GetProfile(argument: _corral_v1_GetProfileRequest, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  getProfile(argument: _corral_v1_GetProfileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  getProfile(argument: _corral_v1_GetProfileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  getProfile(argument: _corral_v1_GetProfileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  getProfile(argument: _corral_v1_GetProfileRequest, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  
  ListProfiles(argument: _corral_v1_ListProfilesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListProfilesResponse__Output>): grpc.ClientUnaryCall;
  ListProfiles(argument: _corral_v1_ListProfilesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListProfilesResponse__Output>): grpc.ClientUnaryCall;
  ListProfiles(argument: _corral_v1_ListProfilesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListProfilesResponse__Output>): grpc.ClientUnaryCall;
  ListProfiles(argument: _corral_v1_ListProfilesRequest, callback: grpc.requestCallback<_corral_v1_ListProfilesResponse__Output>): grpc.ClientUnaryCall;
  listProfiles(argument: _corral_v1_ListProfilesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListProfilesResponse__Output>): grpc.ClientUnaryCall;
  listProfiles(argument: _corral_v1_ListProfilesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListProfilesResponse__Output>): grpc.ClientUnaryCall;
  listProfiles(argument: _corral_v1_ListProfilesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListProfilesResponse__Output>): grpc.ClientUnaryCall;
  listProfiles(argument: _corral_v1_ListProfilesRequest, callback: grpc.requestCallback<_corral_v1_ListProfilesResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateProfile(argument: _corral_v1_Profile, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  UpdateProfile(argument: _corral_v1_Profile, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  UpdateProfile(argument: _corral_v1_Profile, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  UpdateProfile(argument: _corral_v1_Profile, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  updateProfile(argument: _corral_v1_Profile, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  updateProfile(argument: _corral_v1_Profile, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  updateProfile(argument: _corral_v1_Profile, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  updateProfile(argument: _corral_v1_Profile, callback: grpc.requestCallback<_corral_v1_Profile__Output>): grpc.ClientUnaryCall;
  
}

export interface ProfilesHandlers extends grpc.UntypedServiceImplementation {
  CreateProfile: grpc.handleUnaryCall<_corral_v1_Profile__Output, _corral_v1_Profile>;
  
  DeleteProfile: grpc.handleUnaryCall<_corral_v1_GetProfileRequest__Output, _corral_v1_DeleteProfileResponse>;
  
  GetProfile: grpc.handleUnaryCall<_corral_v1_GetProfileRequest__Output, _corral_v1_Profile>;
  
  ListProfiles: grpc.handleUnaryCall<_corral_v1_ListProfilesRequest__Output, _corral_v1_ListProfilesResponse>;
  
  UpdateProfile: grpc.handleUnaryCall<_corral_v1_Profile__Output, _corral_v1_Profile>;
  
}

export interface ProfilesDefinition extends grpc.ServiceDefinition {
  CreateProfile: MethodDefinition<_corral_v1_Profile, _corral_v1_Profile, _corral_v1_Profile__Output, _corral_v1_Profile__Output>
  DeleteProfile: MethodDefinition<_corral_v1_GetProfileRequest, _corral_v1_DeleteProfileResponse, _corral_v1_GetProfileRequest__Output, _corral_v1_DeleteProfileResponse__Output>
  GetProfile: MethodDefinition<_corral_v1_GetProfileRequest, _corral_v1_Profile, _corral_v1_GetProfileRequest__Output, _corral_v1_Profile__Output>
  ListProfiles: MethodDefinition<_corral_v1_ListProfilesRequest, _corral_v1_ListProfilesResponse, _corral_v1_ListProfilesRequest__Output, _corral_v1_ListProfilesResponse__Output>
  UpdateProfile: MethodDefinition<_corral_v1_Profile, _corral_v1_Profile, _corral_v1_Profile__Output, _corral_v1_Profile__Output>
}
