// CardIngest: see the module's files.
