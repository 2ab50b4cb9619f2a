// Original file: corral/v1/instances.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BackupChunk as _corral_v1_BackupChunk, BackupChunk__Output as _corral_v1_BackupChunk__Output } from '../../corral/v1/BackupChunk';
import type { ChangeInstanceStateRequest as _corral_v1_ChangeInstanceStateRequest, ChangeInstanceStateRequest__Output as _corral_v1_ChangeInstanceStateRequest__Output } from '../../corral/v1/ChangeInstanceStateRequest';
import type { ConsoleInput as _corral_v1_ConsoleInput, ConsoleInput__Output as _corral_v1_ConsoleInput__Output } from '../../corral/v1/ConsoleInput';
import type { ConsoleLog as _corral_v1_ConsoleLog, ConsoleLog__Output as _corral_v1_ConsoleLog__Output } from '../../corral/v1/ConsoleLog';
import type { ConsoleOutput as _corral_v1_ConsoleOutput, ConsoleOutput__Output as _corral_v1_ConsoleOutput__Output } from '../../corral/v1/ConsoleOutput';
import type { CreateInstanceRequest as _corral_v1_CreateInstanceRequest, CreateInstanceRequest__Output as _corral_v1_CreateInstanceRequest__Output } from '../../corral/v1/CreateInstanceRequest';
import type { CreateSnapshotRequest as _corral_v1_CreateSnapshotRequest, CreateSnapshotRequest__Output as _corral_v1_CreateSnapshotRequest__Output } from '../../corral/v1/CreateSnapshotRequest';
import type { DeleteInstanceRequest as _corral_v1_DeleteInstanceRequest, DeleteInstanceRequest__Output as _corral_v1_DeleteInstanceRequest__Output } from '../../corral/v1/DeleteInstanceRequest';
import type { DeleteSnapshotResponse as _corral_v1_DeleteSnapshotResponse, DeleteSnapshotResponse__Output as _corral_v1_DeleteSnapshotResponse__Output } from '../../corral/v1/DeleteSnapshotResponse';
import type { ExecInput as _corral_v1_ExecInput, ExecInput__Output as _corral_v1_ExecInput__Output } from '../../corral/v1/ExecInput';
import type { ExecOutput as _corral_v1_ExecOutput, ExecOutput__Output as _corral_v1_ExecOutput__Output } from '../../corral/v1/ExecOutput';
import type { ExportInstanceRequest as _corral_v1_ExportInstanceRequest, ExportInstanceRequest__Output as _corral_v1_ExportInstanceRequest__Output } from '../../corral/v1/ExportInstanceRequest';
import type { FileChunk as _corral_v1_FileChunk, FileChunk__Output as _corral_v1_FileChunk__Output } from '../../corral/v1/FileChunk';
import type { FileInfo as _corral_v1_FileInfo, FileInfo__Output as _corral_v1_FileInfo__Output } from '../../corral/v1/FileInfo';
import type { GetConsoleLogRequest as _corral_v1_GetConsoleLogRequest, GetConsoleLogRequest__Output as _corral_v1_GetConsoleLogRequest__Output } from '../../corral/v1/GetConsoleLogRequest';
import type { GetInstanceRequest as _corral_v1_GetInstanceRequest, GetInstanceRequest__Output as _corral_v1_GetInstanceRequest__Output } from '../../corral/v1/GetInstanceRequest';
import type { Instance as _corral_v1_Instance, Instance__Output as _corral_v1_Instance__Output } from '../../corral/v1/Instance';
import type { ListInstancesRequest as _corral_v1_ListInstancesRequest, ListInstancesRequest__Output as _corral_v1_ListInstancesRequest__Output } from '../../corral/v1/ListInstancesRequest';
import type { ListInstancesResponse as _corral_v1_ListInstancesResponse, ListInstancesResponse__Output as _corral_v1_ListInstancesResponse__Output } from '../../corral/v1/ListInstancesResponse';
import type { ListSnapshotsRequest as _corral_v1_ListSnapshotsRequest, ListSnapshotsRequest__Output as _corral_v1_ListSnapshotsRequest__Output } from '../../corral/v1/ListSnapshotsRequest';
import type { ListSnapshotsResponse as _corral_v1_ListSnapshotsResponse, ListSnapshotsResponse__Output as _corral_v1_ListSnapshotsResponse__Output } from '../../corral/v1/ListSnapshotsResponse';
import type { Operation as _corral_v1_Operation, Operation__Output as _corral_v1_Operation__Output } from '../../corral/v1/Operation';
import type { PullFileRequest as _corral_v1_PullFileRequest, PullFileRequest__Output as _corral_v1_PullFileRequest__Output } from '../../corral/v1/PullFileRequest';
import type { Snapshot as _corral_v1_Snapshot, Snapshot__Output as _corral_v1_Snapshot__Output } from '../../corral/v1/Snapshot';
import type { SnapshotRequest as _corral_v1_SnapshotRequest, SnapshotRequest__Output as _corral_v1_SnapshotRequest__Output } from '../../corral/v1/SnapshotRequest';
import type { UpdateInstanceRequest as _corral_v1_UpdateInstanceRequest, UpdateInstanceRequest__Output as _corral_v1_UpdateInstanceRequest__Output } from '../../corral/v1/UpdateInstanceRequest';

export interface InstancesClient extends grpc.Client {
  ChangeInstanceState(argument: _corral_v1_ChangeInstanceStateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  ChangeInstanceState(argument: _corral_v1_ChangeInstanceStateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  ChangeInstanceState(argument: _corral_v1_ChangeInstanceStateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  ChangeInstanceState(argument: _corral_v1_ChangeInstanceStateRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  changeInstanceState(argument: _corral_v1_ChangeInstanceStateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  changeInstanceState(argument: _corral_v1_ChangeInstanceStateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  changeInstanceState(argument: _corral_v1_ChangeInstanceStateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  changeInstanceState(argument: _corral_v1_ChangeInstanceStateRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  
  Console(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_corral_v1_ConsoleInput, _corral_v1_ConsoleOutput__Output>;
  Console(options?: grpc.CallOptions): grpc.ClientDuplexStream<_corral_v1_ConsoleInput, _corral_v1_ConsoleOutput__Output>;
  console(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_corral_v1_ConsoleInput, _corral_v1_ConsoleOutput__Output>;
  console(options?: grpc.CallOptions): grpc.ClientDuplexStream<_corral_v1_ConsoleInput, _corral_v1_ConsoleOutput__Output>;
  
  CreateInstance(argument: _corral_v1_CreateInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  CreateInstance(argument: _corral_v1_CreateInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  CreateInstance(argument: _corral_v1_CreateInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  CreateInstance(argument: _corral_v1_CreateInstanceRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  createInstance(argument: _corral_v1_CreateInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  createInstance(argument: _corral_v1_CreateInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  createInstance(argument: _corral_v1_CreateInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  createInstance(argument: _corral_v1_CreateInstanceRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  
  CreateSnapshot(argument: _corral_v1_CreateSnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Snapshot__Output>): grpc.ClientUnaryCall;
  CreateSnapshot(argument: _corral_v1_CreateSnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Snapshot__Output>): grpc.ClientUnaryCall;
  CreateSnapshot(argument: _corral_v1_CreateSnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Snapshot__Output>): grpc.ClientUnaryCall;
  CreateSnapshot(argument: _corral_v1_CreateSnapshotRequest, callback: grpc.requestCallback<_corral_v1_Snapshot__Output>): grpc.ClientUnaryCall;
  createSnapshot(argument: _corral_v1_CreateSnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Snapshot__Output>): grpc.ClientUnaryCall;
  createSnapshot(argument: _corral_v1_CreateSnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Snapshot__Output>): grpc.ClientUnaryCall;
  createSnapshot(argument: _corral_v1_CreateSnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Snapshot__Output>): grpc.ClientUnaryCall;
  createSnapshot(argument: _corral_v1_CreateSnapshotRequest, callback: grpc.requestCallback<_corral_v1_Snapshot__Output>): grpc.ClientUnaryCall;
  
  DeleteInstance(argument: _corral_v1_DeleteInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  DeleteInstance(argument: _corral_v1_DeleteInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  DeleteInstance(argument: _corral_v1_DeleteInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  DeleteInstance(argument: _corral_v1_DeleteInstanceRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  deleteInstance(argument: _corral_v1_DeleteInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  deleteInstance(argument: _corral_v1_DeleteInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  deleteInstance(argument: _corral_v1_DeleteInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  deleteInstance(argument: _corral_v1_DeleteInstanceRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  
  DeleteSnapshot(argument: _corral_v1_SnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteSnapshotResponse__Output>): grpc.ClientUnaryCall;
  DeleteSnapshot(argument: _corral_v1_SnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteSnapshotResponse__Output>): grpc.ClientUnaryCall;
  DeleteSnapshot(argument: _corral_v1_SnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteSnapshotResponse__Output>): grpc.ClientUnaryCall;
  DeleteSnapshot(argument: _corral_v1_SnapshotRequest, callback: grpc.requestCallback<_corral_v1_DeleteSnapshotResponse__Output>): grpc.ClientUnaryCall;
  deleteSnapshot(argument: _corral_v1_SnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteSnapshotResponse__Output>): grpc.ClientUnaryCall;
  deleteSnapshot(argument: _corral_v1_SnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteSnapshotResponse__Output>): grpc.ClientUnaryCall;
  deleteSnapshot(argument: _corral_v1_SnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteSnapshotResponse__Output>): grpc.ClientUnaryCall;
  deleteSnapshot(argument: _corral_v1_SnapshotRequest, callback: grpc.requestCallback<_corral_v1_DeleteSnapshotResponse__Output>): grpc.ClientUnaryCall;
  
  Exec(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_corral_v1_ExecInput, _corral_v1_ExecOutput__Output>;
  Exec(options?: grpc.CallOptions): grpc.ClientDuplexStream<_corral_v1_ExecInput, _corral_v1_ExecOutput__Output>;
  exec(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_corral_v1_ExecInput, _corral_v1_ExecOutput__Output>;
  exec(options?: grpc.CallOptions): grpc.ClientDuplexStream<_corral_v1_ExecInput, _corral_v1_ExecOutput__Output>;
  
  ExportInstance(argument: _corral_v1_ExportInstanceRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_BackupChunk__Output>;
  ExportInstance(argument: _corral_v1_ExportInstanceRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_BackupChunk__Output>;
  exportInstance(argument: _corral_v1_ExportInstanceRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_BackupChunk__Output>;
  exportInstance(argument: _corral_v1_ExportInstanceRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_BackupChunk__Output>;
  
  GetConsoleLog(argument: _corral_v1_GetConsoleLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ConsoleLog__Output>): grpc.ClientUnaryCall;
  GetConsoleLog(argument: _corral_v1_GetConsoleLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ConsoleLog__Output>): grpc.ClientUnaryCall;
  GetConsoleLog(argument: _corral_v1_GetConsoleLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ConsoleLog__Output>): grpc.ClientUnaryCall;
  GetConsoleLog(argument: _corral_v1_GetConsoleLogRequest, callback: grpc.requestCallback<_corral_v1_ConsoleLog__Output>): grpc.ClientUnaryCall;
  getConsoleLog(argument: _corral_v1_GetConsoleLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ConsoleLog__Output>): grpc.ClientUnaryCall;
  getConsoleLog(argument: _corral_v1_GetConsoleLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ConsoleLog__Output>): grpc.ClientUnaryCall;
  getConsoleLog(argument: _corral_v1_GetConsoleLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ConsoleLog__Output>): grpc.ClientUnaryCall;
  getConsoleLog(argument: _corral_v1_GetConsoleLogRequest, callback: grpc.requestCallback<_corral_v1_ConsoleLog__Output>): grpc.ClientUnaryCall;
  
  GetInstance(argument: _corral_v1_GetInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  GetInstance(argument: _corral_v1_GetInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  GetInstance(argument: _corral_v1_GetInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  GetInstance(argument: _corral_v1_GetInstanceRequest, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  getInstance(argument: _corral_v1_GetInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  getInstance(argument: _corral_v1_GetInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  getInstance(argument: _corral_v1_GetInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  getInstance(argument: _corral_v1_GetInstanceRequest, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  
  ImportInstance(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_BackupChunk>;
  ImportInstance(metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_BackupChunk>;
  ImportInstance(options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_BackupChunk>;
  ImportInstance(callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_BackupChunk>;
  importInstance(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_BackupChunk>;
  importInstance(metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_BackupChunk>;
  importInstance(options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_BackupChunk>;
  importInstance(callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_BackupChunk>;
  
  ListInstances(argument: _corral_v1_ListInstancesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  ListInstances(argument: _corral_v1_ListInstancesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  ListInstances(argument: _corral_v1_ListInstancesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  ListInstances(argument: _corral_v1_ListInstancesRequest, callback: grpc.requestCallback<_corral_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  listInstances(argument: _corral_v1_ListInstancesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  listInstances(argument: _corral_v1_ListInstancesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  listInstances(argument: _corral_v1_ListInstancesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  listInstances(argument: _corral_v1_ListInstancesRequest, callback: grpc.requestCallback<_corral_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  
  ListSnapshots(argument: _corral_v1_ListSnapshotsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  ListSnapshots(argument: _corral_v1_ListSnapshotsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  ListSnapshots(argument: _corral_v1_ListSnapshotsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  ListSnapshots(argument: _corral_v1_ListSnapshotsRequest, callback: grpc.requestCallback<_corral_v1_ListSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  listSnapshots(argument: _corral_v1_ListSnapshotsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  listSnapshots(argument: _corral_v1_ListSnapshotsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  listSnapshots(argument: _corral_v1_ListSnapshotsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  listSnapshots(argument: _corral_v1_ListSnapshotsRequest, callback: grpc.requestCallback<_corral_v1_ListSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  
  PullFile(argument: _corral_v1_PullFileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_FileChunk__Output>;
  PullFile(argument: _corral_v1_PullFileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_FileChunk__Output>;
  pullFile(argument: _corral_v1_PullFileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_FileChunk__Output>;
  pullFile(argument: _corral_v1_PullFileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_FileChunk__Output>;
  
  PushFile(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_FileInfo__Output>): grpc.ClientWritableStream<_corral_v1_FileChunk>;
  PushFile(metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_FileInfo__Output>): grpc.ClientWritableStream<_corral_v1_FileChunk>;
  PushFile(options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_FileInfo__Output>): grpc.ClientWritableStream<_corral_v1_FileChunk>;
  PushFile(callback: grpc.requestCallback<_corral_v1_FileInfo__Output>): grpc.ClientWritableStream<_corral_v1_FileChunk>;
  pushFile(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_FileInfo__Output>): grpc.ClientWritableStream<_corral_v1_FileChunk>;
  pushFile(metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_FileInfo__Output>): grpc.ClientWritableStream<_corral_v1_FileChunk>;
  pushFile(options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_FileInfo__Output>): grpc.ClientWritableStream<_corral_v1_FileChunk>;
  pushFile(callback: grpc.requestCallback<_corral_v1_FileInfo__Output>): grpc.ClientWritableStream<_corral_v1_FileChunk>;
  
  RestoreSnapshot(argument: _corral_v1_SnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  RestoreSnapshot(argument: _corral_v1_SnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  RestoreSnapshot(argument: _corral_v1_SnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  RestoreSnapshot(argument: _corral_v1_SnapshotRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  restoreSnapshot(argument: _corral_v1_SnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  restoreSnapshot(argument: _corral_v1_SnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  restoreSnapshot(argument: _corral_v1_SnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  restoreSnapshot(argument: _corral_v1_SnapshotRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  
  UpdateInstance(argument: _corral_v1_UpdateInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  UpdateInstance(argument: _corral_v1_UpdateInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  UpdateInstance(argument: _corral_v1_UpdateInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  UpdateInstance(argument: _corral_v1_UpdateInstanceRequest, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  updateInstance(argument: _corral_v1_UpdateInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  updateInstance(argument: _corral_v1_UpdateInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  updateInstance(argument: _corral_v1_UpdateInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  updateInstance(argument: _corral_v1_UpdateInstanceRequest, callback: grpc.requestCallback<_corral_v1_Instance__Output>): grpc.ClientUnaryCall;
  
}

export interface InstancesHandlers extends grpc.UntypedServiceImplementation {
  ChangeInstanceState: grpc.handleUnaryCall<_corral_v1_ChangeInstanceStateRequest__Output, _corral_v1_Operation>;
  
  Console: grpc.handleBidiStreamingCall<_corral_v1_ConsoleInput__Output, _corral_v1_ConsoleOutput>;
  
  CreateInstance: grpc.handleUnaryCall<_corral_v1_CreateInstanceRequest__Output, _corral_v1_Operation>;
  
  CreateSnapshot: grpc.handleUnaryCall<_corral_v1_CreateSnapshotRequest__Output, _corral_v1_Snapshot>;
  
  DeleteInstance: grpc.handleUnaryCall<_corral_v1_DeleteInstanceRequest__Output, _corral_v1_Operation>;
  
  DeleteSnapshot: grpc.handleUnaryCall<_corral_v1_SnapshotRequest__Output, _corral_v1_DeleteSnapshotResponse>;
  
  Exec: grpc.handleBidiStreamingCall<_corral_v1_ExecInput__Output, _corral_v1_ExecOutput>;
  
  ExportInstance: grpc.handleServerStreamingCall<_corral_v1_ExportInstanceRequest__Output, _corral_v1_BackupChunk>;
  
  GetConsoleLog: grpc.handleUnaryCall<_corral_v1_GetConsoleLogRequest__Output, _corral_v1_ConsoleLog>;
  
  GetInstance: grpc.handleUnaryCall<_corral_v1_GetInstanceRequest__Output, _corral_v1_Instance>;
  
  ImportInstance: grpc.handleClientStreamingCall<_corral_v1_BackupChunk__Output, _corral_v1_Operation>;
  
  ListInstances: grpc.handleUnaryCall<_corral_v1_ListInstancesRequest__Output, _corral_v1_ListInstancesResponse>;
  
  ListSnapshots: grpc.handleUnaryCall<_corral_v1_ListSnapshotsRequest__Output, _corral_v1_ListSnapshotsResponse>;
  
  PullFile: grpc.handleServerStreamingCall<_corral_v1_PullFileRequest__Output, _corral_v1_FileChunk>;
  
  PushFile: grpc.handleClientStreamingCall<_corral_v1_FileChunk__Output, _corral_v1_FileInfo>;
  
  RestoreSnapshot: grpc.handleUnaryCall<_corral_v1_SnapshotRequest__Output, _corral_v1_Operation>;
  
  UpdateInstance: grpc.handleUnaryCall<_corral_v1_UpdateInstanceRequest__Output, _corral_v1_Instance>;
  
}

export interface InstancesDefinition extends grpc.ServiceDefinition {
  ChangeInstanceState: MethodDefinition<_corral_v1_ChangeInstanceStateRequest, _corral_v1_Operation, _corral_v1_ChangeInstanceStateRequest__Output, _corral_v1_Operation__Output>
  Console: MethodDefinition<_corral_v1_ConsoleInput, _corral_v1_ConsoleOutput, _corral_v1_ConsoleInput__Output, _corral_v1_ConsoleOutput__Output>
  CreateInstance: MethodDefinition<_corral_v1_CreateInstanceRequest, _corral_v1_Operation, _corral_v1_CreateInstanceRequest__Output, _corral_v1_Operation__Output>
  CreateSnapshot: MethodDefinition<_corral_v1_CreateSnapshotRequest, _corral_v1_Snapshot, _corral_v1_CreateSnapshotRequest__Output, _corral_v1_Snapshot__Output>
  DeleteInstance: MethodDefinition<_corral_v1_DeleteInstanceRequest, _corral_v1_Operation, _corral_v1_DeleteInstanceRequest__Output, _corral_v1_Operation__Output>
  DeleteSnapshot: MethodDefinition<_corral_v1_SnapshotRequest, _corral_v1_DeleteSnapshotResponse, _corral_v1_SnapshotRequest__Output, _corral_v1_DeleteSnapshotResponse__Output>
  Exec: MethodDefinition<_corral_v1_ExecInput, _corral_v1_ExecOutput, _corral_v1_ExecInput__Output, _corral_v1_ExecOutput__Output>
  ExportInstance: MethodDefinition<_corral_v1_ExportInstanceRequest, _corral_v1_BackupChunk, _corral_v1_ExportInstanceRequest__Output, _corral_v1_BackupChunk__Output>
  GetConsoleLog: MethodDefinition<_corral_v1_GetConsoleLogRequest, _corral_v1_ConsoleLog, _corral_v1_GetConsoleLogRequest__Output, _corral_v1_ConsoleLog__Output>
  GetInstance: MethodDefinition<_corral_v1_GetInstanceRequest, _corral_v1_Instance, _corral_v1_GetInstanceRequest__Output, _corral_v1_Instance__Output>
  ImportInstance: MethodDefinition<_corral_v1_BackupChunk, _corral_v1_Operation, _corral_v1_BackupChunk__Output, _corral_v1_Operation__Output>
  ListInstances: MethodDefinition<_corral_v1_ListInstancesRequest, _corral_v1_ListInstancesResponse, _corral_v1_ListInstancesRequest__Output, _corral_v1_ListInstancesResponse__Output>
  ListSnapshots: MethodDefinition<_corral_v1_ListSnapshotsRequest, _corral_v1_ListSnapshotsResponse, _corral_v1_ListSnapshotsRequest__Output, _corral_v1_ListSnapshotsResponse__Output>
  PullFile: MethodDefinition<_corral_v1_PullFileRequest, _corral_v1_FileChunk, _corral_v1_PullFileRequest__Output, _corral_v1_FileChunk__Output>
  PushFile: MethodDefinition<_corral_v1_FileChunk, _corral_v1_FileInfo, _corral_v1_FileChunk__Output, _corral_v1_FileInfo__Output>
  RestoreSnapshot: MethodDefinition<_corral_v1_SnapshotRequest, _corral_v1_Operation, _corral_v1_SnapshotRequest__Output, _corral_v1_Operation__Output>
  UpdateInstance: MethodDefinition<_corral_v1_UpdateInstanceRequest, _corral_v1_Instance, _corral_v1_UpdateInstanceRequest__Output, _corral_v1_Instance__Output>
}
