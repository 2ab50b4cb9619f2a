import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { DeleteImageRequest as _corral_v1_DeleteImageRequest, DeleteImageRequest__Output as _corral_v1_DeleteImageRequest__Output } from './corral/v1/DeleteImageRequest';
import type { ExportImageRequest as _corral_v1_ExportImageRequest, ExportImageRequest__Output as _corral_v1_ExportImageRequest__Output } from './corral/v1/ExportImageRequest';
import type { GetImageRequest as _corral_v1_GetImageRequest, GetImageRequest__Output as _corral_v1_GetImageRequest__Output } from './corral/v1/GetImageRequest';
import type { GetOperationRequest as _corral_v1_GetOperationRequest, GetOperationRequest__Output as _corral_v1_GetOperationRequest__Output } from './corral/v1/GetOperationRequest';
import type { Image as _corral_v1_Image, Image__Output as _corral_v1_Image__Output } from './corral/v1/Image';
import type { ImageExportChunk as _corral_v1_ImageExportChunk, ImageExportChunk__Output as _corral_v1_ImageExportChunk__Output } from './corral/v1/ImageExportChunk';
import type { ImageExportHeader as _corral_v1_ImageExportHeader, ImageExportHeader__Output as _corral_v1_ImageExportHeader__Output } from './corral/v1/ImageExportHeader';
import type { ImageUploadChunk as _corral_v1_ImageUploadChunk, ImageUploadChunk__Output as _corral_v1_ImageUploadChunk__Output } from './corral/v1/ImageUploadChunk';
import type { ImageUploadHeader as _corral_v1_ImageUploadHeader, ImageUploadHeader__Output as _corral_v1_ImageUploadHeader__Output } from './corral/v1/ImageUploadHeader';
import type { ImagesClient as _corral_v1_ImagesClient, ImagesDefinition as _corral_v1_ImagesDefinition } from './corral/v1/Images';
import type { ListImagesRequest as _corral_v1_ListImagesRequest, ListImagesRequest__Output as _corral_v1_ListImagesRequest__Output } from './corral/v1/ListImagesRequest';
import type { ListImagesResponse as _corral_v1_ListImagesResponse, ListImagesResponse__Output as _corral_v1_ListImagesResponse__Output } from './corral/v1/ListImagesResponse';
import type { ListOperationsRequest as _corral_v1_ListOperationsRequest, ListOperationsRequest__Output as _corral_v1_ListOperationsRequest__Output } from './corral/v1/ListOperationsRequest';
import type { ListOperationsResponse as _corral_v1_ListOperationsResponse, ListOperationsResponse__Output as _corral_v1_ListOperationsResponse__Output } from './corral/v1/ListOperationsResponse';
import type { Operation as _corral_v1_Operation, Operation__Output as _corral_v1_Operation__Output } from './corral/v1/Operation';
import type { OperationsClient as _corral_v1_OperationsClient, OperationsDefinition as _corral_v1_OperationsDefinition } from './corral/v1/Operations';
import type { PublishImageRequest as _corral_v1_PublishImageRequest, PublishImageRequest__Output as _corral_v1_PublishImageRequest__Output } from './corral/v1/PublishImageRequest';
import type { UpdateImageRequest as _corral_v1_UpdateImageRequest, UpdateImageRequest__Output as _corral_v1_UpdateImageRequest__Output } from './corral/v1/UpdateImageRequest';
import type { WaitOperationRequest as _corral_v1_WaitOperationRequest, WaitOperationRequest__Output as _corral_v1_WaitOperationRequest__Output } from './corral/v1/WaitOperationRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  corral: {
    v1: {
      DeleteImageRequest: MessageTypeDefinition<_corral_v1_DeleteImageRequest, _corral_v1_DeleteImageRequest__Output>
      ExportImageRequest: MessageTypeDefinition<_corral_v1_ExportImageRequest, _corral_v1_ExportImageRequest__Output>
      GetImageRequest: MessageTypeDefinition<_corral_v1_GetImageRequest, _corral_v1_GetImageRequest__Output>
      GetOperationRequest: MessageTypeDefinition<_corral_v1_GetOperationRequest, _corral_v1_GetOperationRequest__Output>
      Image: MessageTypeDefinition<_corral_v1_Image, _corral_v1_Image__Output>
      ImageExportChunk: MessageTypeDefinition<_corral_v1_ImageExportChunk, _corral_v1_ImageExportChunk__Output>
      ImageExportHeader: MessageTypeDefinition<_corral_v1_ImageExportHeader, _corral_v1_ImageExportHeader__Output>
      ImageUploadChunk: MessageTypeDefinition<_corral_v1_ImageUploadChunk, _corral_v1_ImageUploadChunk__Output>
      ImageUploadHeader: MessageTypeDefinition<_corral_v1_ImageUploadHeader, _corral_v1_ImageUploadHeader__Output>
      Images: SubtypeConstructor<typeof grpc.Client, _corral_v1_ImagesClient> & { service: _corral_v1_ImagesDefinition }
      ListImagesRequest: MessageTypeDefinition<_corral_v1_ListImagesRequest, _corral_v1_ListImagesRequest__Output>
      ListImagesResponse: MessageTypeDefinition<_corral_v1_ListImagesResponse, _corral_v1_ListImagesResponse__Output>
      ListOperationsRequest: MessageTypeDefinition<_corral_v1_ListOperationsRequest, _corral_v1_ListOperationsRequest__Output>
      ListOperationsResponse: MessageTypeDefinition<_corral_v1_ListOperationsResponse, _corral_v1_ListOperationsResponse__Output>
      Operation: MessageTypeDefinition<_corral_v1_Operation, _corral_v1_Operation__Output>
      Operations: SubtypeConstructor<typeof grpc.Client, _corral_v1_OperationsClient> & { service: _corral_v1_OperationsDefinition }
      PublishImageRequest: MessageTypeDefinition<_corral_v1_PublishImageRequest, _corral_v1_PublishImageRequest__Output>
      UpdateImageRequest: MessageTypeDefinition<_corral_v1_UpdateImageRequest, _corral_v1_UpdateImageRequest__Output>
      WaitOperationRequest: MessageTypeDefinition<_corral_v1_WaitOperationRequest, _corral_v1_WaitOperationRequest__Output>
    }
  }
}

