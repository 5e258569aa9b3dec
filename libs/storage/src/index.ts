export { BLOB_STORE, BlobNotFoundError, InvalidBlobKeyError, blobKeySegments, isValidBlobKey } from './blob-store';
export type { BlobStat, BlobStore, ByteRange, PutBlobOptions, StoredBlob } from './blob-store';
export { LocalDiskBlobStore } from './local-disk-blob-store';
