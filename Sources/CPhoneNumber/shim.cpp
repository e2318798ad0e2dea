// C++ shim over libphonenumber.
