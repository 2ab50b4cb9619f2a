// Original file: corral/v1/images.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DeleteImageRequest as _corral_v1_DeleteImageRequest, DeleteImageRequest__Output as _corral_v1_DeleteImageRequest__Output } from '../../corral/v1/DeleteImageRequest';
import type { ExportImageRequest as _corral_v1_ExportImageRequest, ExportImageRequest__Output as _corral_v1_ExportImageRequest__Output } from '../../corral/v1/ExportImageRequest';
import type { GetImageRequest as _corral_v1_GetImageRequest, GetImageRequest__Output as _corral_v1_GetImageRequest__Output } from '../../corral/v1/GetImageRequest';
import type { Image as _corral_v1_Image, Image__Output as _corral_v1_Image__Output } from '../../corral/v1/Image';
import type { ImageExportChunk as _corral_v1_ImageExportChunk, ImageExportChunk__Output as _corral_v1_ImageExportChunk__Output } from '../../corral/v1/ImageExportChunk';
import type { ImageUploadChunk as _corral_v1_ImageUploadChunk, ImageUploadChunk__Output as _corral_v1_ImageUploadChunk__Output } from '../../corral/v1/ImageUploadChunk';
import type { ListImagesRequest as _corral_v1_ListImagesRequest, ListImagesRequest__Output as _corral_v1_ListImagesRequest__Output } from '../../corral/v1/ListImagesRequest';
import type { ListImagesResponse as _corral_v1_ListImagesResponse, ListImagesResponse__Output as _corral_v1_ListImagesResponse__Output } from '../../corral/v1/ListImagesResponse';
import type { Operation as _corral_v1_Operation, Operation__Output as _corral_v1_Operation__Output } from '../../corral/v1/Operation';
import type { PublishImageRequest as _corral_v1_PublishImageRequest, PublishImageRequest__Output as _corral_v1_PublishImageRequest__Output } from '../../corral/v1/PublishImageRequest';
import type { UpdateImageRequest as _corral_v1_UpdateImageRequest, UpdateImageRequest__Output as _corral_v1_UpdateImageRequest__Output } from '../../corral/v1/UpdateImageRequest';

export interface ImagesClient extends grpc.Client {
  DeleteImage(argument: _corral_v1_DeleteImageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  DeleteImage(argument: _corral_v1_DeleteImageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  DeleteImage(argument: _corral_v1_DeleteImageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  DeleteImage(argument: _corral_v1_DeleteImageRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  deleteImage(argument: _corral_v1_DeleteImageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  deleteImage(argument: _corral_v1_DeleteImageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  deleteImage(argument: _corral_v1_DeleteImageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  deleteImage(argument: _corral_v1_DeleteImageRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  
  ExportImage(argument: _corral_v1_ExportImageRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_ImageExportChunk__Output>;
  ExportImage(argument: _corral_v1_ExportImageRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_ImageExportChunk__Output>;
  exportImage(argument: _corral_v1_ExportImageRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_ImageExportChunk__Output>;
  exportImage(argument: _corral_v1_ExportImageRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_ImageExportChunk__Output>;
  
  GetImage(argument: _corral_v1_GetImageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  GetImage(argument: _corral_v1_GetImageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  GetImage(argument: _corral_v1_GetImageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  GetImage(argument: _corral_v1_GetImageRequest, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  getImage(argument: _corral_v1_GetImageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  getImage(argument: _corral_v1_GetImageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  getImage(argument: _corral_v1_GetImageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  getImage(argument: _corral_v1_GetImageRequest, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  
  ListImages(argument: _corral_v1_ListImagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  ListImages(argument: _corral_v1_ListImagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  ListImages(argument: _corral_v1_ListImagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  ListImages(argument: _corral_v1_ListImagesRequest, callback: grpc.requestCallback<_corral_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  listImages(argument: _corral_v1_ListImagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  listImages(argument: _corral_v1_ListImagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  listImages(argument: _corral_v1_ListImagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  listImages(argument: _corral_v1_ListImagesRequest, callback: grpc.requestCallback<_corral_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  
  PublishImage(argument: _corral_v1_PublishImageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  PublishImage(argument: _corral_v1_PublishImageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  PublishImage(argument: _corral_v1_PublishImageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  PublishImage(argument: _corral_v1_PublishImageRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  publishImage(argument: _corral_v1_PublishImageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  publishImage(argument: _corral_v1_PublishImageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  publishImage(argument: _corral_v1_PublishImageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  publishImage(argument: _corral_v1_PublishImageRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  
  UpdateImage(argument: _corral_v1_UpdateImageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  UpdateImage(argument: _corral_v1_UpdateImageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  UpdateImage(argument: _corral_v1_UpdateImageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  UpdateImage(argument: _corral_v1_UpdateImageRequest, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  updateImage(argument: _corral_v1_UpdateImageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  updateImage(argument: _corral_v1_UpdateImageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  updateImage(argument: _corral_v1_UpdateImageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  updateImage(argument: _corral_v1_UpdateImageRequest, callback: grpc.requestCallback<_corral_v1_Image__Output>): grpc.ClientUnaryCall;
  
  UploadImage(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_ImageUploadChunk>;
  UploadImage(metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_ImageUploadChunk>;
  UploadImage(options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_ImageUploadChunk>;
  UploadImage(callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_ImageUploadChunk>;
  uploadImage(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_ImageUploadChunk>;
  uploadImage(metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_ImageUploadChunk>;
  uploadImage(options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_ImageUploadChunk>;
  uploadImage(callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientWritableStream<_corral_v1_ImageUploadChunk>;
  
}

export interface ImagesHandlers extends grpc.UntypedServiceImplementation {
  DeleteImage: grpc.handleUnaryCall<_corral_v1_DeleteImageRequest__Output, _corral_v1_Operation>;
  
  ExportImage: grpc.handleServerStreamingCall<_corral_v1_ExportImageRequest__Output, _corral_v1_ImageExportChunk>;
  
  GetImage: grpc.handleUnaryCall<_corral_v1_GetImageRequest__Output, _corral_v1_Image>;
  
  ListImages: grpc.handleUnaryCall<_corral_v1_ListImagesRequest__Output, _corral_v1_ListImagesResponse>;
  
  PublishImage: grpc.handleUnaryCall<_corral_v1_PublishImageRequest__Output, _corral_v1_Operation>;
  
  UpdateImage: grpc.handleUnaryCall<_corral_v1_UpdateImageRequest__Output, _corral_v1_Image>;
  
  UploadImage: grpc.handleClientStreamingCall<_corral_v1_ImageUploadChunk__Output, _corral_v1_Operation>;
  
}

export interface ImagesDefinition extends grpc.ServiceDefinition {
  DeleteImage: MethodDefinition<_corral_v1_DeleteImageRequest, _corral_v1_Operation, _corral_v1_DeleteImageRequest__Output, _corral_v1_Operation__Output>
  ExportImage: MethodDefinition<_corral_v1_ExportImageRequest, _corral_v1_ImageExportChunk, _corral_v1_ExportImageRequest__Output, _corral_v1_ImageExportChunk__Output>
  GetImage: MethodDefinition<_corral_v1_GetImageRequest, _corral_v1_Image, _corral_v1_GetImageRequest__Output, _corral_v1_Image__Output>
  ListImages: MethodDefinition<_corral_v1_ListImagesRequest, _corral_v1_ListImagesResponse, _corral_v1_ListImagesRequest__Output, _corral_v1_ListImagesResponse__Output>
  PublishImage: MethodDefinition<_corral_v1_PublishImageRequest, _corral_v1_Operation, _corral_v1_PublishImageRequest__Output, _corral_v1_Operation__Output>
  UpdateImage: MethodDefinition<_corral_v1_UpdateImageRequest, _corral_v1_Image, _corral_v1_UpdateImageRequest__Output, _corral_v1_Image__Output>
  UploadImage: MethodDefinition<_corral_v1_ImageUploadChunk, _corral_v1_Operation, _corral_v1_ImageUploadChunk__Output, _corral_v1_Operation__Output>
}
