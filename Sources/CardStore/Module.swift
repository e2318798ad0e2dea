// CardStore: see the module's files.
