/**
 * The reference engine as an engine under test: the adapter through which the explorer, the
 * oracle and the gate reach {@link dev.crashbench.engine.Database}. The only package of the
 * explorer's side that imports the engine's API (with the corruption fuzz, which damages the
 * engine's own file formats).
 */
package dev.crashbench.recovery.reference;
