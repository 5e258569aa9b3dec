export { BLOB_STORE, BlobNotFoundError, InvalidBlobKeyError, blobKeySegments, isValidBlobKey } from './blob-store';
export type { BlobStat, BlobStore, ByteRange, PutBlobOptions, StoredBlob } from './blob-store';
export { LocalDiskBlobStore } from './local-disk-blob-store';
export { checkDeclaredSize, putUpload } from './upload';
export type { StoredUpload, UploadLimits } from './upload';
