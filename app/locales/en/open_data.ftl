# Following sources at scale (issue 33)
sources-queued = The reading is queued: the server reads the source in the background, which can take a few minutes for a large directory. Reload this page to see how it went.
