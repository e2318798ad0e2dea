// CardExtraction: see the module's files.
