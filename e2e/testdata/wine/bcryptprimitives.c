/*
 * A stand-in for Windows' bcryptprimitives.dll, for running OnceKey's
 * Windows programs under Wine 8 in tests only; it is never shipped.
 *
 * Go's runtime (1.24 and later) takes its random numbers from ProcessPrng
 * in bcryptprimitives.dll, which Wine 8 lacks, and stops at once without
 * it. This one fills the buffer from RtlGenRandom (advapi32's
 * SystemFunction036), which Wine has, in pieces that fit its ULONG length.
 * Wine must find it in the prefix's system32: Go loads it from there only.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
