// After the consumer's build: its main class ran on the SIMD-capable setup, and the README shows this very pom.
def log = new File(basedir, 'build.log').text
assert log.contains('Iris MLP on the ') && log.contains(': test accuracy ') : 'exec:exec did not run the main class'
assert !log.contains('nnlab runs on its SCALAR kernels') : 'a JVM of the consumer ran without jdk.incubator.vector'
assert new File(basedir, 'target/iris-loss.svg').text.contains('<desc>xy plot; x: epoch; series: loss, val_loss</desc>')

def readme = new File(basedir, '../../../../README.md').text
def block = (readme =~ /(?s)```xml\n(<\?xml.*?<artifactId>iris-research<\/artifactId>.*?)```/)
assert block.find() : 'README.md has no consumer pom block'
def pom = new File(basedir, 'pom.xml').text.replace(projectVersion, '0.1.0-SNAPSHOT')
assert block.group(1).trim() == pom.trim() : 'README.md\'s consumer pom differs from consumer-test/src/it/iris-mlp/pom.xml'
return true
