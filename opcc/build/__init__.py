"""The build: the one pipeline, its cache, the incremental plan and the worker pool."""
