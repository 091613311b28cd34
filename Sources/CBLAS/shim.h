#include <cblas.h>
// Declared by OpenBLAS; lets the engine keep small products single-threaded.
void openblas_set_num_threads(int num_threads);
