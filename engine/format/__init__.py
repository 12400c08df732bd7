"""The scenario format: the YAML reader, the pydantic models, the loader and its checks."""
