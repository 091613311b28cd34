#include <cblas.h>
// Declared by OpenBLAS; lets the engine keep small products single-threaded.
void openblas_set_num_threads(int num_threads);
// OpenBLAS's pool of server threads: stopping it ends their spin-waiting; the next
// threaded call starts it again (OpenBLAS does this itself around fork()).
int blas_thread_shutdown_(void);
