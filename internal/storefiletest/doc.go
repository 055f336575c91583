// Package storefiletest holds test helpers for store files
// (adapters/storefile): a small valid file, StoreFile, and PatchJSON to
// break it one field at a time. It is internal to the module; the public
// test fakes are in package kasirtest.
package storefiletest
