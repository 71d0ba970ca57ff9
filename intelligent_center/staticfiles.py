"""Static files for production: hashed names (cache forever) and gzip copies WhiteNoise serves.

No Brotli copies: compressing the PDF.js build at Brotli's best quality took minutes of
`collectstatic` on a 2-core machine for a few percent over gzip (nginx may add Brotli itself).
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class GzipManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        return super().create_compressor(use_brotli=False, **kwargs)
