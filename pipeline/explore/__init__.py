"""The explorer: a local web page showing every stage of the pipeline and stepping through the VM.

`python -m pipeline.explore [FILE] [--port N] [--no-browser]`; see README.md (Explorer).
"""
