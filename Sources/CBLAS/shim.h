// OpenBLAS's C interface: the engine uses its types and constants here, and opens the
// library itself when the first product needs it (Sources/DNNCore/Network/BLASGate.swift),
// so nothing links against it.
#include <cblas.h>
