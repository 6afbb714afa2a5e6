"""Record models and the topic registry: the public contract between sitrep's stages and its consumers."""
