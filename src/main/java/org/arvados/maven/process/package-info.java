/**
 * Child processes that run long and own cloud resources (packer, arvados-server cloudtest): their output
 * streamed line by line as it comes, and one way to stop them, SIGTERM first so they clean up after themselves.
 */
package org.arvados.maven.process;
