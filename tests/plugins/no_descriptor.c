/* A shared object that is not an ambit plugin: no descriptor symbol. */
__attribute__((visibility("default"))) int some_other_library_function(void);

int some_other_library_function(void)
{
    return 42;
}
