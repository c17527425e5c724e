const binaryExtensions = new Set(
  [
    'png jpg jpeg gif bmp ico icns webp avif tif tiff psd heic mp3 mp4 m4a mov avi mkv webm wav flac',
    'ogg opus woff woff2 ttf otf eot pdf doc docx xls xlsx ppt pptx odt ods zip gz tgz bz2 xz zst 7z',
    'rar tar jar war ear whl gem nupkg exe dll so dylib a lib o obj class pyc pyo wasm node bin',
    'sqlite sqlite3 db mdb p12 pfx der keystore jks pak apk aab ipa dmg iso img deb rpm msi',
  ]
    .join(' ')
    .split(' '),
);

/** Whether a path has an extension that only binary files have. */
export function hasBinaryExtension(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 && binaryExtensions.has(name.slice(dot + 1).toLowerCase());
}

/** Git's test: text with a NUL byte in its first 8,000 characters is binary. */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\0');
}
