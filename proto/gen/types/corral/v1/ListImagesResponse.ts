// Original file: corral/v1/images.proto

import type { Image as _corral_v1_Image, Image__Output as _corral_v1_Image__Output } from '../../corral/v1/Image';

export interface ListImagesResponse {
  'images'?: (_corral_v1_Image)[];
}

export interface ListImagesResponse__Output {
  'images': (_corral_v1_Image__Output)[];
}
