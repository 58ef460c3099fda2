// The consumer as a named module: the README's example needs only the API modules; the CPU backend is found by
// service binding (io.spectro `uses` the backend SPI), the Vector API is added on the command line.
module example.consumer {
    requires io.spectro;
    requires io.spectro.audio;
}
