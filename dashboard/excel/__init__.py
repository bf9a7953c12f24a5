"""Excel workbooks out (implementation, options), the upload template, and reading an upload."""
